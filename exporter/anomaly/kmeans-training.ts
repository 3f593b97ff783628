import { kmeans } from 'ml-kmeans';
import { fitScaling, quantile, scaleRow } from './features.js';
import { type KMeansModel, nearest, ROUNDING } from './kmeans-model.js';

/**
 * Clusters a signal has: a daily or a bimodal signal has several normal states, and with too
 * few centres one lands on the outliers of the history and stretches the edge.
 */
const CLUSTERS = 8;

/** Trained on the training thread only: ml-kmeans and its matrix libraries stay off the main one. */
export function trainKMeans(rows: readonly number[][], seed = 42): KMeansModel | null {
  if (rows.length < 10) return null;
  const scaling = fitScaling(rows);
  const scaled = rows.map((r) => scaleRow(r, scaling));
  const k = Math.min(CLUSTERS, new Set(scaled.map((v) => v.join(','))).size);
  const centers =
    k >= 2
      ? kmeans(scaled, k, { seed, initialization: 'kmeans++', maxIterations: 50 }).centroids
      : [scaled[0] as number[]];
  const distances = scaled.map((v) => nearest(centers, v));
  // A signal that is nearly always still (errors a second, say) can have a 99.9th percentile
  // of 0; its rare movements in training then set the edge.
  const edge = [quantile(distances, 0.999), Math.max(...distances)].find((d) => d > ROUNDING);
  return { centers, scaling, edge: edge ?? 0 };
}
