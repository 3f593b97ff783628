import { resolve } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import picomatch from 'picomatch';
import type { Logger } from '../core/logger.js';
import { counter, gauge } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import type { FileSourceConfig } from './config.js';
import { containerLogLabels, FrameDecoder } from './framing.js';
import type { PositionStore } from './positions.js';
import { type BlockLabels, blockLabels, LogRule } from './rules.js';
import { MALFORMED, sourceFamilies } from './source-families.js';
import { TailedFile } from './tailed-file.js';

/**
 * A safety net under the file-system events, which can coalesce or miss appends: every file
 * is also checked this often (a stat per file), which bounds the lag from append to count.
 */
const POLL_MS = 200;

/**
 * A container log line is its message JSON-escaped or prefixed: room for that much more than
 * the message before the line itself is cut (and so counted malformed).
 */
const FRAMED_LINE_FACTOR = 6;
const FRAMED_LINE_EXTRA = 1024;

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
  readonly stats = {
    lines: 0,
    bytes: 0,
    rotations: 0,
    truncations: 0,
    rotatedUnread: 0,
    readErrors: 0,
  };
  private errorsLogged = new Set<string>();
  /** Container framing decoders, by file; none for plain files. */
  private readonly decoders = new Map<string, FrameDecoder>();
  /** Malformed lines of files no longer followed. */
  private malformedBefore = 0;

  constructor(
    private readonly config: FileSourceConfig,
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

  /** The labels `path_labels` asks for, from a container log file's path. */
  private pathLabels(path: string): BlockLabels | undefined {
    const names = this.config.path_labels;
    if (names.length === 0) return undefined;
    const found = containerLogLabels(path);
    return blockLabels(
      names,
      names.map((n) => found[n] ?? ''),
    );
  }

  private matches(path: string): boolean {
    return this.matchers.some((m) => m(path));
  }

  private async track(path: string): Promise<void> {
    if (this.files.has(path) || !this.matches(path)) {
      if (this.files.has(path)) await this.poll(path);
      return;
    }
    const labels = this.pathLabels(path);
    const apply = (text: string) => {
      for (const rule of this.rules) rule.applyLines(text, labels);
    };
    let decoder: FrameDecoder | undefined;
    if (this.config.format !== 'plain') {
      decoder = new FrameDecoder(this.config.format, this.maxLineBytes);
      this.malformedBefore += this.decoders.get(path)?.malformed ?? 0;
      this.decoders.set(path, decoder);
    }
    const lineBytes = decoder
      ? this.maxLineBytes * FRAMED_LINE_FACTOR + FRAMED_LINE_EXTRA
      : this.maxLineBytes;
    const file = new TailedFile(path, lineBytes, {
      lines: decoder
        ? (text, count) => {
            this.stats.lines += count;
            decoder.push(text, count, apply);
          }
        : (text, count) => {
            this.stats.lines += count;
            apply(text);
          },
      bytes: (n) => {
        this.stats.bytes += n;
      },
      rotation: () => {
        this.stats.rotations++;
      },
      truncation: () => {
        this.stats.truncations++;
        decoder?.reset();
      },
      rotatedRestLost: ({ copy, error }) => {
        this.stats.rotatedUnread++;
        if (copy)
          this.logger.warn('cannot read the rest of a rotated log file; lines may be missing', {
            source: this.name,
            path,
            copy,
            err: error,
          });
        else
          this.logger.warn(
            'log file replaced while stopped and its rotated copy not found; lines may be missing',
            { source: this.name, path },
          );
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
    let longLines = 0;
    for (const f of this.files.values()) {
      lag += f.lagBytes;
      longLines += f.truncatedLines;
    }
    let malformed = this.malformedBefore;
    for (const d of this.decoders.values()) {
      malformed += d.malformed;
      longLines += d.cut;
    }
    return [
      ...sourceFamilies(source, this.rules, this.stats),
      counter(
        'vigil_log_rotations_total',
        'Files replaced at their path (rename or delete and create).',
      )
        .add(this.stats.rotations, { source })
        .build(),
      counter('vigil_log_truncations_total', 'Files truncated in place (copytruncate).')
        .add(this.stats.truncations, { source })
        .build(),
      counter(
        'vigil_log_rotated_unread_total',
        'Rotated files whose unread rest could not be found or read (lines may be missing).',
      )
        .add(this.stats.rotatedUnread, { source })
        .build(),
      counter(
        'vigil_log_long_lines_total',
        'Lines (or container messages) longer than logs.max_line_bytes, matched on their start and cut.',
      )
        .add(longLines, { source })
        .build(),
      ...(this.config.format === 'plain'
        ? []
        : [counter(MALFORMED.name, MALFORMED.help).add(malformed, { source }).build()]),
      gauge('vigil_log_lag_bytes', 'Bytes written to the source files and not read yet.')
        .add(lag, { source })
        .build(),
      gauge('vigil_log_files', 'Files being followed.').add(this.files.size, { source }).build(),
    ];
  }
}
