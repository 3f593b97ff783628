import { featureRows, fitScaling, scaleRow } from './features.js';
import { trainIsolationForest } from './isolation-forest.js';
import type { KMeansModel } from './kmeans-model.js';
import { trainKMeans } from './kmeans-training.js';
import { forestLimits, type Models, row } from './models.js';

/** Train every signal's models on the same history; runs on the training thread. */
export function trainModels(history: Record<string, ArrayLike<number>>, now = Date.now()): Models {
  let started = performance.now();
  const kmeans: Record<string, KMeansModel> = {};
  for (const [signal, values] of Object.entries(history)) {
    const model = trainKMeans(featureRows(values));
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
    const scaling = fitScaling(rows);
    const model = trainIsolationForest(rows.map((r) => scaleRow(r, scaling)));
    if (model) forest = { model, signals, scaling, limits: forestLimits(model.p99) };
  }
  return {
    trainedAt: now,
    kmeans,
    forest,
    seconds: { kmeans: kmeansSeconds, forest: (performance.now() - started) / 1000 },
  };
}
