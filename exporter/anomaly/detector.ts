import type { Logger } from '../core/logger.js';
import { FEATURE_WINDOW } from './features.js';
import { AnomalyFlag } from './flags.js';
import { KMEANS_LIMITS, type Models, type Scores, scoreLatest } from './models.js';

export interface DetectorOptions {
  readonly signals: readonly string[];
  /** Points kept per signal: the ring buffer's size, whatever the uptime. */
  readonly capacity: number;
  /** Points needed before the first model, and points between trainings. */
  readonly minPoints: number;
  readonly trainEvery: number;
  /** How models are trained; by default in a worker thread started for that one job. */
  readonly train?: (history: Record<string, Float64Array>) => Promise<Models>;
}

/**
 * Bounded history of each signal, the models trained on it, the scores of the newest point
 * and the flags raised from them. Training runs in a worker thread started for that one job and stopped after, so
 * scrapes never wait for it and no model code stays in memory between trainings.
 */
export class AnomalyDetector {
  private readonly rings: Map<string, Float64Array>;
  private next = 0;
  private count = 0;
  private sinceTraining = 0;
  private training: Promise<void> | null = null;
  models: Models | null = null;
  scores: Scores | null = null;
  /** Per method, per signal: the flags, kept across trainings. */
  readonly flags = { kmeans: new Map<string, AnomalyFlag>(), isolation_forest: new AnomalyFlag() };

  constructor(
    private readonly options: DetectorOptions,
    private readonly logger: Logger,
  ) {
    this.rings = new Map(options.signals.map((s) => [s, new Float64Array(options.capacity)]));
  }

  /** Add one reading of every signal (NaN for a gap) and score it. */
  push(values: Record<string, number>): void {
    for (const [signal, ring] of this.rings) ring[this.next] = values[signal] ?? Number.NaN;
    this.next = (this.next + 1) % this.options.capacity;
    this.count = Math.min(this.count + 1, this.options.capacity);
    this.sinceTraining++;
    if (this.models) this.score(this.models);
    const due = !this.models || this.sinceTraining >= this.options.trainEvery;
    if (due && !this.training && this.count >= this.options.minPoints) {
      this.sinceTraining = 0;
      this.training = this.train().finally(() => {
        this.training = null;
      });
    }
  }

  private score(models: Models): void {
    const scores = scoreLatest(models, this.history(FEATURE_WINDOW));
    this.scores = scores;
    for (const signal of Object.keys(models.kmeans)) {
      const flag = this.flags.kmeans.get(signal) ?? new AnomalyFlag();
      this.flags.kmeans.set(signal, flag);
      flag.update(scores.kmeans.get(signal) ?? null, KMEANS_LIMITS);
    }
    if (models.forest) this.flags.isolation_forest.update(scores.forest, models.forest.limits);
  }

  /** Resolves once no training is running. */
  async settled(): Promise<void> {
    await this.training;
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
    try {
      this.models = await (this.options.train ?? trainInWorker)(this.history());
    } catch (err) {
      this.logger.error('anomaly model training failed; keeping the previous models', { err });
    }
  }
}

/** Train in a worker thread started for this one training and stopped after. */
async function trainInWorker(history: Record<string, Float64Array>): Promise<Models> {
  // Loaded at the first training, minutes after start, not by every start.
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(new URL('./train-worker.js', import.meta.url));
  try {
    return await new Promise<Models>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`training thread exited with code ${code}`)));
      worker.postMessage(history);
    });
  } finally {
    await worker.terminate();
  }
}
