import type { Logger } from '../core/logger.js';
import { counter } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import type { LogSourceConfig } from './config.js';
import { type JournalInput, journalctlFilters, journalctlLocation } from './journal-config.js';
import { type JournalEntry, parseJournalLine, resumeFrom } from './journal-entry.js';
import { firstCursorFrom, Journalctl } from './journalctl.js';
import type { PositionStore } from './positions.js';
import { type BlockLabels, blockLabels, LogRule } from './rules.js';
import { MALFORMED, type SourceStats, sourceFamilies } from './source-families.js';

/** Waits before running journalctl again after it failed: doubling, within these bounds. */
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

export type JournalSourceConfig = LogSourceConfig & { journal: JournalInput };

/**
 * A source that follows the systemd journal through `journalctl --follow --output=json`.
 * Every entry is counted once: the cursor of the last one counted is kept in the positions
 * file, and a restart continues after it. Entries removed (vacuumed, rotated away) before
 * vigil read them are counted in vigil_log_journal_unseen_entries_total, not skipped quietly.
 */
export class JournalSource {
  readonly name: string;
  private readonly rules: LogRule[];
  private readonly input: JournalInput;
  private readonly labelNames: string[];
  private readonly fieldNames: string[];
  private cursor: string | undefined;
  private reader: Journalctl | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private wake: (() => void) | null = null;
  private failures = 0;
  /** Unix seconds of the first start, where a restart resumes when no entry was read yet. */
  private startedAt = 0;
  readonly stats: SourceStats & { malformed: number; unseen: number; gaps: number } = {
    lines: 0,
    bytes: 0,
    readErrors: 0,
    malformed: 0,
    unseen: 0,
    gaps: 0,
  };

  constructor(
    private readonly config: JournalSourceConfig,
    private readonly maxLineBytes: number,
    private readonly positions: PositionStore,
    private readonly logger: Logger,
  ) {
    this.name = config.name;
    this.input = config.journal;
    this.rules = config.rules.map((r) => new LogRule(r));
    this.labelNames = Object.keys(this.input.fields);
    this.fieldNames = Object.values(this.input.fields);
  }

  /** Start following; entries are read in the background. */
  async start(): Promise<void> {
    this.cursor = this.positions.cursor(this.name);
    this.startedAt = Math.floor(Date.now() / 1000);
    this.running = this.follow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.reader?.stop();
    await this.running;
    this.savePositions();
  }

  savePositions(): void {
    if (this.cursor) this.positions.setCursor(this.name, this.cursor);
  }

  /** Run journalctl, and again after a pause whenever it ends, until stopped. */
  private async follow(): Promise<void> {
    let first = true;
    while (!this.stopped) {
      let error: Error | null;
      try {
        const args = await this.positioning(first);
        first = false;
        if (this.stopped) return;
        this.reader = new Journalctl(this.input.journalctl, args, (text) => this.read(text));
        error = (await this.reader.ended) ?? new Error(`${this.input.journalctl} ended`);
      } catch (err) {
        error = err as Error;
      }
      if (this.stopped) return;
      this.stats.readErrors++;
      if (this.failures === 0)
        this.logger.error('cannot read the journal; retrying', {
          source: this.name,
          err: error.message,
        });
      const wait = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** this.failures);
      this.failures++;
      await new Promise<void>((resume) => {
        this.wake = resume;
        setTimeout(resume, wait).unref();
      });
    }
  }

  /**
   * Where journalctl starts: after the saved cursor (having checked that the entries after it
   * are all still there), or, with none, at the end or the beginning as start_at says.
   */
  private async positioning(first: boolean): Promise<string[]> {
    // --merge: without it, --follow keeps to the current boot, and a restart after a reboot
    // would skip what was logged before it.
    const args = ['--follow', '--merge', '--output=json', '--all', '--no-pager', '--quiet'];
    // Only the fields vigil reads (the cursor comes anyway): half of journalctl's time goes to
    // formatting fields, and an entry from journald has twenty or more.
    args.push(`--output-fields=${['MESSAGE', ...this.fieldNames].join(',')}`);
    const location = journalctlLocation(this.input);
    args.push(...location, ...journalctlFilters(this.input));
    if (!this.cursor) {
      // start_at: end skips what was there at the first start, not what came since.
      if (this.config.start_at === 'beginning') args.push('--no-tail');
      else args.push(first ? '--lines=0' : `--since=@${this.startedAt}`);
      return args;
    }
    const found = await firstCursorFrom(this.input.journalctl, location, this.cursor);
    const resume = resumeFrom(this.cursor, found);
    if (resume.kind === 'gap') {
      this.stats.gaps++;
      this.stats.unseen += resume.missed;
      this.logger.warn('journal entries were removed before they were read', {
        source: this.name,
        entries: resume.missed,
      });
    } else if (resume.kind === 'lost') {
      this.stats.gaps++;
      this.logger.warn(
        'the last journal entry read is gone and the journal has another sequence; reading it from its start',
        { source: this.name },
      );
      this.cursor = undefined;
      args.push('--no-tail');
      return args;
    }
    args.push(`--after-cursor=${this.cursor}`);
    return args;
  }

  /** A block of journalctl's output lines: parse, match in blocks of equal labels, move the cursor. */
  private read(text: string): void {
    this.stats.bytes += Buffer.byteLength(text) + 1;
    let block: string[] = [];
    let labels: BlockLabels | undefined;
    let last: JournalEntry | undefined;
    const flush = () => {
      if (block.length === 0) return;
      const joined = block.join('\n');
      for (const rule of this.rules) rule.applyLines(joined, labels);
      this.stats.lines += block.length;
      block = [];
    };
    let from = 0;
    while (from <= text.length) {
      let end = text.indexOf('\n', from);
      if (end < 0) end = text.length;
      const entry = parseJournalLine(text.slice(from, end), this.fieldNames, this.maxLineBytes);
      from = end + 1;
      if (!entry) {
        this.stats.malformed++;
        continue;
      }
      if (this.labelNames.length > 0) {
        const key = entry.fields.join('\u0000');
        if (key !== labels?.key) {
          flush();
          labels = blockLabels(this.labelNames, entry.fields);
        }
      }
      block.push(entry.message);
      last = entry;
    }
    flush();
    if (last) {
      this.cursor = last.cursor;
      if (this.failures > 0) {
        this.failures = 0;
        this.logger.info('reading the journal again', { source: this.name });
      }
    }
  }

  families(): MetricFamily[] {
    const source = this.name;
    return [
      ...sourceFamilies(source, this.rules, this.stats),
      counter(MALFORMED.name, MALFORMED.help).add(this.stats.malformed, { source }).build(),
      counter(
        'vigil_log_journal_unseen_entries_total',
        'Journal entries removed (vacuumed, rotated away) before vigil read them, all units.',
      )
        .add(this.stats.unseen, { source })
        .build(),
      counter(
        'vigil_log_journal_gaps_total',
        'Restarts that found the last entry read gone from the journal.',
      )
        .add(this.stats.gaps, { source })
        .build(),
    ];
  }
}
