import { featureAt, pointsNeeded } from './features.js';
import { type IsolationForest, scoreIsolationForest } from './isolation-forest.js';
import { type KMeansModel, scoreKMeans } from './kmeans-model.js';

/** The models of every signal, trained on the same history. */
export interface Models {
  readonly trainedAt: number;
  readonly kmeans: Record<string, KMeansModel>;
  /** Across all signals: each signal's level and activity, standardised. */
  readonly forest: {
    model: IsolationForest;
    signals: string[];
    mean: number[];
    std: number[];
  } | null;
  readonly seconds: { kmeans: number; forest: number };
}

/**
 * How much the signal moves: the logarithm of its mean absolute step over the last ACTIVITY
 * points. A stuck value has no movement at all, which the logarithm puts far from any
 * normal one, so the forest isolates it as soon as the window is flat.
 */
const ACTIVITY = 8;

function activity(values: ArrayLike<number>, end: number): number {
  let sum = 0;
  const n = ACTIVITY;
  for (let i = end - n + 1; i <= end; i++)
    sum += Math.abs((values[i] as number) - (values[i - 1] as number));
  return Math.log(sum / n + 1e-9);
}

/** The multivariate row at `end`, or null while any signal has a gap there. */
export function row(history: Record<string, ArrayLike<number>>, signals: string[], end: number) {
  const out: number[] = [];
  for (const s of signals) {
    const v = history[s] as ArrayLike<number>;
    if (end < ACTIVITY) return null;
    for (let i = end - ACTIVITY; i <= end; i++) if (!Number.isFinite(v[i] as number)) return null;
    out.push(v[end] as number, activity(v, end));
  }
  return out;
}

export interface Scores {
  /** Per signal, 0–1, for the signals with a model and a full window now. */
  readonly kmeans: Map<string, number>;
  readonly forest: number | null;
}

/** Score the newest point of each signal. */
export function scoreLatest(models: Models, history: Record<string, ArrayLike<number>>): Scores {
  const kmeans = new Map<string, number>();
  for (const [signal, model] of Object.entries(models.kmeans)) {
    const values = history[signal];
    if (!values || values.length < pointsNeeded()) continue;
    const v = featureAt(values, values.length - 1);
    if (v) kmeans.set(signal, scoreKMeans(model, v));
  }
  let forest: number | null = null;
  const f = models.forest;
  if (f) {
    const length = Math.min(...f.signals.map((s) => history[s]?.length ?? 0));
    const r = length > 0 ? row(history, f.signals, length - 1) : null;
    if (r)
      forest = scoreIsolationForest(
        f.model,
        r.map((v, d) => (v - (f.mean[d] as number)) / (f.std[d] as number)),
      );
  }
  return { kmeans, forest };
}
