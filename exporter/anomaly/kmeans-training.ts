import { kmeans } from 'ml-kmeans';
import { quantile } from './features.js';
import { type KMeansModel, nearest, normalise } from './kmeans-model.js';

/** Trained on the training thread only: ml-kmeans and its matrix libraries stay off the main one. */
export function trainKMeans(vectors: readonly number[][], seed = 42): KMeansModel | null {
  if (vectors.length < 10) return null;
  const distinct = new Set(vectors.map((v) => v.join(','))).size;
  const centers =
    distinct >= 2
      ? kmeans(vectors as number[][], 2, { seed, initialization: 'kmeans++', maxIterations: 50 })
          .centroids
      : [vectors[0] as number[]];
  const distances = vectors.map((v) => nearest(centers, v));
  const base = {
    centers,
    minDistance: Math.min(...distances),
    maxDistance: Math.max(...distances),
  };
  const scores = distances.map((d) => normalise(base, d));
  return { ...base, threshold: quantile(scores, 0.99) };
}
