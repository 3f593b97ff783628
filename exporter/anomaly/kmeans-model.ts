import { type Scaling, scaleRow } from './features.js';

/**
 * One signal's k-means model: centres of its standardised feature vectors (level, activity,
 * change) and the distance to the nearest centre that only 0.1% of the training vectors
 * exceed. A score is a vector's distance to its nearest centre in units of that distance, so
 * 1 is the edge of what training saw.
 */
export interface KMeansModel {
  readonly centers: number[][];
  readonly scaling: Scaling;
  /**
   * The 99.9th percentile of the training distances (their maximum when that is 0); 0 when
   * every training vector sat on a centre: a signal that never moved, or only between a few
   * exact states.
   */
  readonly edge: number;
}

/** The score of a vector off every state of a signal whose edge is 0. */
export const NEW_STATE_SCORE = 10;

/** Distances below this are rounding, not movement (features are standardised). */
export const ROUNDING = 1e-9;

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

/** A distance to the nearest centre in units of the model's edge. */
export function edgeUnits(edge: number, d: number): number {
  if (edge > 0) return d / edge;
  return d > ROUNDING ? NEW_STATE_SCORE : 0;
}

export function scoreKMeans(model: KMeansModel, features: readonly number[]): number {
  return edgeUnits(model.edge, nearest(model.centers, scaleRow(features, model.scaling)));
}
