import { describe, expect, it } from 'vitest';
import { featureAt, featureVectors, quantile } from '../../../exporter/anomaly/features.js';
import {
  averagePath,
  scoreIsolationForest,
  trainIsolationForest,
} from '../../../exporter/anomaly/isolation-forest.js';
import { scoreKMeans } from '../../../exporter/anomaly/kmeans-model.js';
import { trainKMeans } from '../../../exporter/anomaly/kmeans-training.js';
import { scoreLatest } from '../../../exporter/anomaly/models.js';
import { trainModels } from '../../../exporter/anomaly/training.js';

describe('features', () => {
  it('are the last six first differences, each smoothed over three', () => {
    // Differences: 1 2 3 4 5 6 7 8 → smoothed over 3: 2 3 4 5 6 7 (ending at each point).
    const values = [0, 1, 3, 6, 10, 15, 21, 28, 36];
    expect(featureAt(values, 8)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(featureAt(values, 7)).toBeNull(); // not enough history before it
    expect(featureVectors(values)).toEqual([[2, 3, 4, 5, 6, 7]]);
  });

  it('leave out every window with a gap', () => {
    const values = [0, 1, 2, Number.NaN, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
    const vectors = featureVectors(values);
    // A vector spans nine points; only those ending at 12…18 leave index 3 out.
    expect(vectors).toHaveLength(7);
    for (const v of vectors) expect(v).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('quantiles interpolate', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.99)).toBe(5);
  });
});

describe('k-means model', () => {
  const cluster = (cx: number, n: number) =>
    Array.from({ length: n }, (_, i) => [cx + (i % 3) * 0.1, cx - (i % 2) * 0.1]);

  it('finds two centres and scores far points high, near points low', () => {
    const model = trainKMeans([...cluster(0, 20), ...cluster(10, 20)]);
    expect(model).not.toBeNull();
    const centers = (model?.centers ?? [])
      .map((c) => Math.round(c[0] as number))
      .sort((a, b) => a - b);
    expect(centers).toEqual([0, 10]);
    expect(scoreKMeans(model as NonNullable<typeof model>, [0.1, 0])).toBeLessThan(0.7);
    expect(scoreKMeans(model as NonNullable<typeof model>, [50, 50])).toBe(1);
  });

  it('handles a constant signal without NaN, and needs ten vectors', () => {
    const flat = Array.from({ length: 30 }, () => [0, 0, 0]);
    const model = trainKMeans(flat);
    expect(model?.threshold).toBe(0);
    expect(scoreKMeans(model as NonNullable<typeof model>, [0, 0, 0])).toBe(0);
    expect(scoreKMeans(model as NonNullable<typeof model>, [1, 0, 0])).toBe(1);
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
    expect(outlier).toBeGreaterThan(m.threshold);
    expect(outlier).toBeGreaterThan(inlier + 0.03);
    expect(inlier).toBeLessThan(m.threshold);
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
    expect(models.kmeans.b?.threshold).toBe(0); // a constant signal
  });
});
