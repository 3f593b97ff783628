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

  async run(deadlineSeconds: number): Promise<CollectorOutcome> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const collection = this.start(deadlineSeconds);
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new DeadlineExceeded(deadlineSeconds)),
          deadlineSeconds * 1000,
        );
      });
      const families = await Promise.race([collection, deadline]);
      return this.finish(started, families);
    } catch (err) {
      return this.finish(started, [], err);
    } finally {
      clearTimeout(timer);
    }
  }

  private start(deadlineSeconds: number): Promise<MetricFamily[]> {
    if (!this.inFlight) {
      // A plain controller and a cleared timer: AbortSignal.timeout() would keep every
      // scrape's signal alive until its timer fires, seconds after the scrape ended.
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), deadlineSeconds * 1000);
      this.inFlight = Promise.resolve()
        .then(() => this.collector.collect(controller.signal))
        .finally(() => {
          clearTimeout(timer);
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
