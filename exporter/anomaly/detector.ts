import type { Logger } from '../core/logger.js';
import { type Models, type Scores, scoreLatest } from './models.js';

/** Points of recent history that scoring needs (a feature window, the activity window). */
const SCORE_WINDOW = 16;

export interface DetectorOptions {
  readonly signals: readonly string[];
  /** Points kept per signal: the ring buffer's size, whatever the uptime. */
  readonly capacity: number;
  /** Points needed before the first model, and milliseconds between trainings. */
  readonly minPoints: number;
  readonly trainEveryMs: number;
}

/**
 * Bounded history of each signal, the models trained on it, and the scores of the newest
 * point. Training runs in a worker thread started for that one job and stopped after, so
 * scrapes never wait for it and no model code stays in memory between trainings.
 */
export class AnomalyDetector {
  private readonly rings: Map<string, Float64Array>;
  private next = 0;
  private count = 0;
  private training = false;
  models: Models | null = null;
  scores: Scores | null = null;

  constructor(
    private readonly options: DetectorOptions,
    private readonly logger: Logger,
  ) {
    this.rings = new Map(options.signals.map((s) => [s, new Float64Array(options.capacity)]));
  }

  /** Add one reading of every signal (NaN for a gap) and score it. */
  push(values: Record<string, number>, now = Date.now()): void {
    for (const [signal, ring] of this.rings) ring[this.next] = values[signal] ?? Number.NaN;
    this.next = (this.next + 1) % this.options.capacity;
    this.count = Math.min(this.count + 1, this.options.capacity);
    if (this.models) this.scores = scoreLatest(this.models, this.history(SCORE_WINDOW));
    const due = !this.models || now - this.models.trainedAt >= this.options.trainEveryMs;
    if (due && !this.training && this.count >= this.options.minPoints) void this.train();
  }

  /** The last `points` of each signal, oldest first. */
  history(points = this.count): Record<string, Float64Array> {
    const n = Math.min(points, this.count);
    const out: Record<string, Float64Array> = {};
    for (const [signal, ring] of this.rings) {
      const copy = new Float64Array(n);
      for (let i = 0; i < n; i++)
        copy[i] = ring[
          (this.next - n + i + this.options.capacity) % this.options.capacity
        ] as number;
      out[signal] = copy;
    }
    return out;
  }

  private async train(): Promise<void> {
    this.training = true;
    // Loaded at the first training, minutes after start, not by every start.
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(new URL('./train-worker.js', import.meta.url));
    try {
      this.models = await new Promise<Models>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) =>
          reject(new Error(`training thread exited with code ${code}`)),
        );
        worker.postMessage(this.history());
      });
    } catch (err) {
      this.logger.error('anomaly model training failed; keeping the previous models', { err });
    } finally {
      this.training = false;
      await worker.terminate();
    }
  }
}
