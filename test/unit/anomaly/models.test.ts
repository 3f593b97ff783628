import { describe, expect, it } from 'vitest';
import {
  FEATURE_WINDOW,
  featureRows,
  quantile,
  signalFeatures,
} from '../../../exporter/anomaly/features.js';
import {
  averagePath,
  scoreIsolationForest,
  trainIsolationForest,
} from '../../../exporter/anomaly/isolation-forest.js';
import { NEW_STATE_SCORE, scoreKMeans } from '../../../exporter/anomaly/kmeans-model.js';
import { trainKMeans } from '../../../exporter/anomaly/kmeans-training.js';
import { scoreLatest } from '../../../exporter/anomaly/models.js';
import { trainModels } from '../../../exporter/anomaly/training.js';

describe('features', () => {
  it('are the level, the log of the mean absolute step over 8 points, and the mean step over 3', () => {
    // Steps: 1 2 3 4 5 6 7 8 → mean absolute step 4.5; the last three steps 6 + 7 + 8 = 21.
    const values = [0, 1, 3, 6, 10, 15, 21, 28, 36];
    const [level, activity, change] = signalFeatures(values, 8) ?? [];
    expect(level).toBe(36);
    expect(activity).toBeCloseTo(Math.log(4.5), 6);
    expect(change).toBe(7);
    expect(signalFeatures(values, 7)).toBeNull(); // not enough history before it
    expect(featureRows(values)).toHaveLength(1);
  });

  it('put a stuck value far from any movement', () => {
    const stuck = signalFeatures(Array(FEATURE_WINDOW).fill(3), FEATURE_WINDOW - 1) ?? [];
    expect(stuck[1]).toBeLessThan(-20); // log(1e-9)
  });

  it('leave out every window with a gap', () => {
    const values = [0, 1, 2, Number.NaN, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
    const rows = featureRows(values);
    // A vector spans nine points; only those ending at 12…18 leave index 3 out.
    expect(rows.map((r) => r[0])).toEqual([12, 13, 14, 15, 16, 17, 18]);
    for (const r of rows) expect(r.slice(1)).toEqual([Math.log(1 + 1e-9), 1]);
  });

  it('quantiles interpolate', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.99)).toBe(5);
  });
});

describe('k-means model', () => {
  const cluster = (cx: number, n: number) =>
    Array.from({ length: n }, (_, i) => [cx + Math.sin(i) * 0.3, cx + Math.cos(i * 1.3) * 0.3]);

  it('scores in units of the edge of training: inside below 1, far outside well above', () => {
    const model = trainKMeans([...cluster(0, 200), ...cluster(10, 200)]);
    expect(model).not.toBeNull();
    const m = model as NonNullable<typeof model>;
    expect(m.centers.length).toBeGreaterThanOrEqual(2);
    expect(scoreKMeans(m, [0.05, 0])).toBeLessThan(1);
    expect(scoreKMeans(m, [10, 10.05])).toBeLessThan(1);
    // Halfway between the clusters is nowhere training went.
    expect(scoreKMeans(m, [5, 5])).toBeGreaterThan(5);
  });

  it('scores only the exact states of a signal that never left them as known', () => {
    // A square wave: two states, each a centre, every training distance 0.
    const rows = Array.from({ length: 2_000 }, (_, i) =>
      Math.floor(i / 100) % 2 ? [80, 0] : [20, 0],
    );
    const m = trainKMeans(rows) as NonNullable<ReturnType<typeof trainKMeans>>;
    expect(m.edge).toBe(0);
    expect(scoreKMeans(m, [80, 0])).toBe(0);
    expect(scoreKMeans(m, [50, 0])).toBe(NEW_STATE_SCORE);
  });

  it('handles a constant signal without NaN, and needs ten vectors', () => {
    const flat = Array.from({ length: 30 }, () => [0, 0, 0]);
    const model = trainKMeans(flat);
    expect(model?.edge).toBe(0);
    expect(scoreKMeans(model as NonNullable<typeof model>, [0, 0, 0])).toBe(0);
    expect(scoreKMeans(model as NonNullable<typeof model>, [1, 0, 0])).toBe(NEW_STATE_SCORE);
    expect(trainKMeans(flat.slice(0, 9))).toBeNull();
  });
});

describe('isolation forest', () => {
  it('uses the published average path length c(n)', () => {
    expect(averagePath(1)).toBe(0);
    expect(averagePath(2)).toBe(1);
    // c(256) = 2 H(255) - 2·255/256, H(i) ≈ ln(i) + 0.5772156649
    expect(averagePath(256)).toBeCloseTo(2 * (Math.log(255) + 0.5772156649) - (2 * 255) / 256, 10);
  });

  it('scores a point between two clusters above the threshold, and one inside them low', () => {
    // Two tight clusters at (-3, -3) and (3, 3); (0, 0) lies in the empty space between.
    const data = Array.from({ length: 300 }, (_, i) => {
      const c = i % 2 === 0 ? -3 : 3;
      return [c + Math.sin(i) * 0.3, c + Math.cos(i * 1.3) * 0.3];
    });
    const model = trainIsolationForest(data, { seed: 7 });
    expect(model).not.toBeNull();
    const m = model as NonNullable<typeof model>;
    const outlier = scoreIsolationForest(m, [0, 0]);
    const inlier = scoreIsolationForest(m, [3, 3]);
    expect(outlier).toBeGreaterThan(m.p99);
    expect(outlier).toBeGreaterThan(inlier + 0.03);
    expect(inlier).toBeLessThan(m.p99);
    for (const s of [outlier, inlier]) expect(s).toBeGreaterThan(0);
    expect(trainIsolationForest(data, { seed: 7 })).toEqual(model); // seeded: reproducible
  });

  it('survives identical points', () => {
    const model = trainIsolationForest(Array.from({ length: 50 }, () => [1, 1]));
    const s = scoreIsolationForest(model as NonNullable<typeof model>, [1, 1]);
    expect(Number.isFinite(s)).toBe(true);
  });
});

describe('models of several signals', () => {
  it('train and score through gaps, NaN and infinities without NaN scores', () => {
    const a = Array.from({ length: 200 }, (_, i) => (i % 17 === 0 ? Number.NaN : Math.sin(i / 3)));
    const b = Array.from({ length: 200 }, (_, i) => (i === 50 ? Number.POSITIVE_INFINITY : 5));
    const models = trainModels({ a, b });
    const scores = scoreLatest(models, { a: [...a, 0.2], b: [...b, 5] });
    for (const v of scores.kmeans.values()) expect(Number.isFinite(v)).toBe(true);
    if (scores.forest !== null) expect(Number.isFinite(scores.forest)).toBe(true);
    expect(models.kmeans.b?.edge).toBe(0); // a constant signal
  });
});
