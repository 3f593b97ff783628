/**
 * One signal's k-means model (k = 2, as Netdata trains them): the centres, and the spread
 * of the training vectors' distances to them, which scales a distance to a 0–1 score. The
 * threshold is the 99th percentile of the training scores: about 1% of normal samples
 * score above it.
 */
export interface KMeansModel {
  readonly centers: number[][];
  readonly minDistance: number;
  readonly maxDistance: number;
  readonly threshold: number;
}

function distance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] as number) - (b[i] as number)) ** 2;
  return Math.sqrt(sum);
}

export function nearest(centers: readonly number[][], v: readonly number[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const c of centers) best = Math.min(best, distance(c, v));
  return best;
}

export function normalise(model: Omit<KMeansModel, 'threshold'>, d: number): number {
  const range = model.maxDistance - model.minDistance;
  // A signal that never moved in training: any movement at all is as far as it gets.
  if (!(range > 0)) return d > model.maxDistance ? 1 : 0;
  return Math.min(1, Math.max(0, (d - model.minDistance) / range));
}

export function scoreKMeans(model: KMeansModel, vector: readonly number[]): number {
  return normalise(model, nearest(model.centers, vector));
}
