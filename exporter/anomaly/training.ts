import { featureVectors } from './features.js';
import { trainIsolationForest } from './isolation-forest.js';
import type { KMeansModel } from './kmeans-model.js';
import { trainKMeans } from './kmeans-training.js';
import { type Models, row } from './models.js';

/** Train every signal's models on the same history; runs on the training thread. */
export function trainModels(history: Record<string, ArrayLike<number>>, now = Date.now()): Models {
  let started = performance.now();
  const kmeans: Record<string, KMeansModel> = {};
  for (const [signal, values] of Object.entries(history)) {
    const model = trainKMeans(featureVectors(values));
    if (model) kmeans[signal] = model;
  }
  const kmeansSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const signals = Object.keys(history);
  const length = Math.min(...signals.map((s) => (history[s] as ArrayLike<number>).length));
  const rows: number[][] = [];
  for (let end = 0; end < length; end++) {
    const r = row(history, signals, end);
    if (r) rows.push(r);
  }
  let forest: Models['forest'] = null;
  if (rows.length >= 10 && signals.length > 0) {
    const dims = (rows[0] as number[]).length;
    const mean = Array.from(
      { length: dims },
      (_, d) => rows.reduce((n, r) => n + (r[d] as number), 0) / rows.length,
    );
    const std = Array.from({ length: dims }, (_, d) => {
      const m = mean[d] as number;
      const sd = Math.sqrt(rows.reduce((n, r) => n + ((r[d] as number) - m) ** 2, 0) / rows.length);
      return sd > 0 ? sd : 1;
    });
    const scaled = rows.map((r) => r.map((v, d) => (v - (mean[d] as number)) / (std[d] as number)));
    const model = trainIsolationForest(scaled);
    if (model) forest = { model, signals, mean, std };
  }
  return {
    trainedAt: now,
    kmeans,
    forest,
    seconds: { kmeans: kmeansSeconds, forest: (performance.now() - started) / 1000 },
  };
}
