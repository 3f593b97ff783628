import type { MetricFamily } from '../exposition/types.js';
import type { Collector } from './collector.js';
import type { Logger } from './logger.js';

export interface CollectorOutcome {
  readonly name: string;
  readonly families: readonly MetricFamily[];
  readonly success: boolean;
  readonly durationSeconds: number;
  readonly error?: string;
}

export interface CollectorStatus {
  readonly name: string;
  readonly success: boolean | null;
  readonly durationSeconds: number | null;
  readonly error?: string;
}

class DeadlineExceeded extends Error {
  constructor(seconds: number) {
    super(`deadline of ${seconds}s exceeded`);
  }
}

/**
 * One scrape's deadline, shared by every collector it runs: one timer and one abort signal per
 * scrape rather than per collector. `expired` rejects when the time is up; `clear()` when the
 * scrape is over, so no timer outlives it.
 */
export class Deadline {
  readonly signal: AbortSignal;
  readonly expired: Promise<never>;
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly seconds: number) {
    const controller = new AbortController();
    this.signal = controller.signal;
    this.expired = new Promise<never>((_, reject) => {
      this.timer = setTimeout(() => {
        controller.abort();
        // A collector that stops at the abort with what it has (an API target reported down
        // for a timeout) gets the rest of this turn of the event loop to return it.
        setImmediate(() => reject(new DeadlineExceeded(seconds)));
      }, seconds * 1000);
    });
    // A scrape whose collectors all finish in time never looks at the rejection.
    this.expired.catch(() => {});
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** Run `runners` under one deadline of `seconds`. */
export async function runAll(
  runners: readonly CollectorRunner[],
  seconds: number,
): Promise<CollectorOutcome[]> {
  const deadline = new Deadline(seconds);
  try {
    return await Promise.all(runners.map((r) => r.run(deadline)));
  } finally {
    deadline.clear();
  }
}

/**
 * Runs one collector under a deadline and owns its error policy.
 *
 * Concurrent scrapes share one collection in flight instead of starting another, so a hung
 * source (a dead NFS mount, a stuck API) holds at most one unit of work however often
 * Prometheus retries; later scrapes wait for it only until their own deadline.
 */
export class CollectorRunner {
  private inFlight: Promise<MetricFamily[]> | null = null;
  private lastError: string | undefined;
  private last: CollectorStatus;

  constructor(
    readonly name: string,
    private readonly collector: Collector,
    private readonly logger: Logger,
  ) {
    this.last = { name, success: null, durationSeconds: null };
  }

  /**
   * Call one of the collector's lifecycle methods, if it has it. A failure is logged, not
   * thrown: one collector that cannot start leaves the others running.
   */
  async lifecycle(step: 'start' | 'reconfigure' | 'stop', settings?: unknown): Promise<void> {
    try {
      if (step === 'stop') await this.collector.stop?.();
      else await this.collector[step]?.(settings);
    } catch (err) {
      this.logger.error(`collector ${step} failed`, {
        collector: this.name,
        err: err instanceof Error ? err.message : String(err),
      });
    }
  }

  get status(): CollectorStatus {
    return this.last;
  }

  async run(deadline: Deadline): Promise<CollectorOutcome> {
    const started = performance.now();
    try {
      const families = await Promise.race([this.start(deadline.signal), deadline.expired]);
      return this.finish(started, families);
    } catch (err) {
      return this.finish(started, [], err);
    }
  }

  /** The collection in flight, or a new one that the first scrape's deadline aborts. */
  private start(signal: AbortSignal): Promise<MetricFamily[]> {
    if (!this.inFlight) {
      this.inFlight = Promise.resolve()
        .then(() => this.collector.collect(signal))
        .finally(() => {
          this.inFlight = null;
        });
      // A collection abandoned at its deadline may still reject later; that is reported already.
      this.inFlight.catch(() => {});
    }
    return this.inFlight;
  }

  private finish(started: number, families: MetricFamily[], err?: unknown): CollectorOutcome {
    const durationSeconds = (performance.now() - started) / 1000;
    const success = err === undefined;
    const error = success ? undefined : err instanceof Error ? err.message : String(err);
    // Log a failure once when it starts or changes, not at every scrape.
    if (error !== this.lastError) {
      if (error) this.logger.error('collector failed', { collector: this.name, err: error });
      else this.logger.info('collector recovered', { collector: this.name });
      this.lastError = error;
    }
    this.last = { name: this.name, success, durationSeconds, error };
    return { name: this.name, families, success, durationSeconds, error };
  }
}
