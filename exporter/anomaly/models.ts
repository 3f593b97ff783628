import { activity, type Scaling, scaleRow, signalFeatures, windowComplete } from './features.js';
import { type IsolationForest, scoreIsolationForest } from './isolation-forest.js';
import { type KMeansModel, scoreKMeans } from './kmeans-model.js';

/**
 * Where a score counts as anomalous, in each method's score units, and where it is so far
 * out that one sample is enough (see flags.ts). k-means: 1.2 times the edge of training (its
 * 99.9th percentile distance), 1.44 for one sample. Isolation forest: 1.15 times the 99th
 * percentile of the training scores, and 5% above that for one sample. Margins over the tail
 * of training, not a percentile of it: a percentile flags its share of normal samples by
 * construction. Chosen with `npm run bench:anomaly-eval` (docs/anomaly.md).
 */
export const KMEANS_THRESHOLD = 1.2;
const KMEANS_STRONG = 1.2;
const FOREST_MARGIN = 1.15;
const FOREST_STRONG = 1.05;

export interface Threshold {
  readonly threshold: number;
  /** At or above this, one sample raises the flag. */
  readonly strong: number;
}

export const KMEANS_LIMITS: Threshold = {
  threshold: KMEANS_THRESHOLD,
  strong: KMEANS_THRESHOLD * KMEANS_STRONG,
};

export function forestLimits(p99: number): Threshold {
  return { threshold: FOREST_MARGIN * p99, strong: FOREST_MARGIN * FOREST_STRONG * p99 };
}

/** The models of every signal, trained on the same history. */
export interface Models {
  readonly trainedAt: number;
  readonly kmeans: Record<string, KMeansModel>;
  /** Across all signals: each signal's level and activity, standardised. */
  readonly forest: {
    model: IsolationForest;
    signals: string[];
    scaling: Scaling;
    limits: Threshold;
  } | null;
  readonly seconds: { kmeans: number; forest: number };
}

/** The isolation forest's row at `end`: each signal's level and activity, or null at a gap. */
export function row(history: Record<string, ArrayLike<number>>, signals: string[], end: number) {
  const out: number[] = [];
  for (const s of signals) {
    const v = history[s] as ArrayLike<number>;
    if (!windowComplete(v, end)) return null;
    out.push(v[end] as number, activity(v, end));
  }
  return out;
}

export interface Scores {
  /** Per signal, for the signals with a model and a full window now. */
  readonly kmeans: Map<string, number>;
  readonly forest: number | null;
}

/** Score the newest point of each signal. */
export function scoreLatest(models: Models, history: Record<string, ArrayLike<number>>): Scores {
  const kmeans = new Map<string, number>();
  for (const [signal, model] of Object.entries(models.kmeans)) {
    const values = history[signal];
    const f = values ? signalFeatures(values, values.length - 1) : null;
    if (f) kmeans.set(signal, scoreKMeans(model, f));
  }
  let forest: number | null = null;
  const f = models.forest;
  if (f) {
    const length = Math.min(...f.signals.map((s) => history[s]?.length ?? 0));
    const r = length > 0 ? row(history, f.signals, length - 1) : null;
    if (r) forest = scoreIsolationForest(f.model, scaleRow(r, f.scaling));
  }
  return { kmeans, forest };
}
