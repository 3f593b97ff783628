import { resolve } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import picomatch from 'picomatch';
import type { Logger } from '../core/logger.js';
import { counter, gauge } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import type { LogSourceConfig } from './config.js';
import type { PositionStore } from './positions.js';
import { LogRule } from './rules.js';
import { TailedFile } from './tailed-file.js';

/**
 * A safety net under the file-system events, which can coalesce or miss appends: every file
 * is also checked this often (a stat per file), which bounds the lag from append to count.
 */
const POLL_MS = 200;

/**
 * One configured source: its files (found by glob, now and later), its rules, and its
 * counts. Files are followed continuously in the background; a scrape only reads the counts.
 */
export class LogSource {
  readonly name: string;
  private readonly rules: LogRule[];
  private readonly files = new Map<string, TailedFile>();
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ready = false;
  private readonly matchers: Array<(path: string) => boolean>;
  readonly stats = { lines: 0, bytes: 0, rotations: 0, truncations: 0, readErrors: 0 };
  private errorsLogged = new Set<string>();

  constructor(
    private readonly config: LogSourceConfig,
    private readonly maxLineBytes: number,
    private readonly positions: PositionStore,
    private readonly logger: Logger,
  ) {
    this.name = config.name;
    this.rules = config.rules.map((r) => new LogRule(r));
    this.matchers = config.paths.map((p) => picomatch(resolve(p), { dot: true }));
  }

  async start(): Promise<void> {
    const bases = [
      ...new Set(this.config.paths.map((p) => picomatch.scan(resolve(p)).base || '/')),
    ];
    this.watcher = watch(bases, {
      ignoreInitial: false,
      persistent: false,
      // Report files vigil cannot read yet (chokidar would hide them): they are retried,
      // counted in vigil_log_read_errors_total, and read once their permissions allow.
      ignorePermissionErrors: true,
      // Only regular files that match a glob; directories are walked to find them.
      ignored: (path, st) => (st?.isFile() ?? false) && !this.matches(path),
    });
    this.watcher.on('add', (path) => void this.track(path));
    this.watcher.on('change', (path) => void this.poll(path));
    this.watcher.on('unlink', (path) => void this.poll(path));
    this.watcher.on('error', (err) =>
      this.logger.warn('log watcher error', { source: this.name, err }),
    );
    await new Promise<void>((done) => this.watcher?.once('ready', () => done()));
    // Files already here at startup are being opened; any that appear later start at 0.
    // A backlog is read in the background: scrapes do not wait for it.
    this.ready = true;
    this.timer = setInterval(() => {
      for (const path of this.files.keys()) void this.poll(path);
      void this.retryFailed();
    }, POLL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.watcher?.close();
    // Let reads in progress finish, record where they ended, then close.
    await Promise.all([...this.files.values()].map((f) => f.poll().catch(() => {})));
    this.savePositions();
    await Promise.all([...this.files.values()].map((f) => f.close()));
  }

  /** Copy every file's position into the store. */
  savePositions(): void {
    for (const [path, file] of this.files) {
      const p = file.position();
      if (p) this.positions.set(path, p);
    }
  }

  private matches(path: string): boolean {
    return this.matchers.some((m) => m(path));
  }

  private async track(path: string): Promise<void> {
    if (this.files.has(path) || !this.matches(path)) {
      if (this.files.has(path)) await this.poll(path);
      return;
    }
    const file = new TailedFile(path, this.maxLineBytes, {
      lines: (text, count) => {
        this.stats.lines += count;
        for (const rule of this.rules) rule.applyLines(text);
      },
      bytes: (n) => {
        this.stats.bytes += n;
      },
      rotation: () => {
        this.stats.rotations++;
      },
      truncation: () => {
        this.stats.truncations++;
      },
    });
    this.files.set(path, file);
    try {
      await file.start(this.positions.get(path), !this.ready && this.config.start_at === 'end');
      await file.poll();
    } catch (err) {
      this.readFailed(path, err);
    }
  }

  private async poll(path: string): Promise<void> {
    const file = this.files.get(path);
    if (!file) return this.track(path);
    try {
      await file.poll();
      if (this.errorsLogged.delete(path))
        this.logger.info('log file readable again', { source: this.name, path });
    } catch (err) {
      this.readFailed(path, err);
    }
  }

  private readFailed(path: string, err: unknown): void {
    this.stats.readErrors++;
    // A file that could not be opened is retried from scratch at the next poll.
    const file = this.files.get(path);
    if (file && !file.position()) this.files.delete(path);
    if (!this.errorsLogged.has(path)) {
      this.errorsLogged.add(path);
      this.logger.error('cannot read log file; retrying', { source: this.name, path, err });
    }
  }

  /** Retry files that failed to open, once per poll interval. */
  async retryFailed(): Promise<void> {
    for (const path of this.errorsLogged) if (!this.files.has(path)) await this.track(path);
  }

  families(): MetricFamily[] {
    const source = this.name;
    let lag = 0;
    let truncatedLines = 0;
    for (const f of this.files.values()) {
      lag += f.lagBytes;
      truncatedLines += f.truncatedLines;
    }
    const families = this.rules.map((r) => r.family(source)).filter((f) => f.samples.length > 0);
    const matches = counter('vigil_log_matches_total', 'Log lines that matched a rule.');
    const dropped = counter(
      'vigil_log_dropped_series_total',
      'Matches not exported because the rule reached max_series label sets.',
    );
    const info = gauge(
      'vigil_log_rule_info',
      'Each log rule, with the metric it writes (for dashboards that list them).',
    );
    for (const r of this.rules) {
      matches.add(r.matches, { source, rule: r.name });
      dropped.add(r.droppedSeries, { source, rule: r.name });
      info.add(1, { source, rule: r.name, metric: r.config.metric });
    }
    return [
      ...families,
      matches.build(),
      dropped.build(),
      info.build(),
      counter('vigil_log_lines_total', 'Complete log lines read.')
        .add(this.stats.lines, { source })
        .build(),
      counter('vigil_log_bytes_total', 'Log bytes read.').add(this.stats.bytes, { source }).build(),
      counter(
        'vigil_log_rotations_total',
        'Files replaced at their path (rename or delete and create).',
      )
        .add(this.stats.rotations, { source })
        .build(),
      counter('vigil_log_truncations_total', 'Files truncated in place (copytruncate).')
        .add(this.stats.truncations, { source })
        .build(),
      counter('vigil_log_read_errors_total', 'Failed attempts to open or read a log file.')
        .add(this.stats.readErrors, { source })
        .build(),
      counter(
        'vigil_log_long_lines_total',
        'Lines longer than logs.max_line_bytes, matched on their start and cut.',
      )
        .add(truncatedLines, { source })
        .build(),
      gauge('vigil_log_lag_bytes', 'Bytes written to the source files and not read yet.')
        .add(lag, { source })
        .build(),
      gauge('vigil_log_files', 'Files being followed.').add(this.files.size, { source }).build(),
    ];
  }
}
