import { describe, expect, it } from 'vitest';
import { type Models, scoreLatest } from '../../../exporter/anomaly/models.js';
import { trainModels } from '../../../exporter/anomaly/training.js';

/** Seeded normal noise (Box–Muller), so every run sees the same series. */
function noise(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

const TRAIN = 2_000;
const AFTER = 300;
/** Where the anomaly starts in the scored part, and how soon it must be flagged. */
const ONSET = 100;
const MAX_DELAY = 10;

type Shape = (i: number, normal: number) => number;
const SHAPES: Record<string, Shape> = {
  'level shift': (i, x) => (i >= ONSET ? x + 15 : x),
  spike: (i, x) => (i === ONSET ? x + 30 : x),
  'variance change': (i, x) => (i >= ONSET ? 50 + (x - 50) * 6 : x),
  'stuck value': (i, x) => (i >= ONSET ? 50 : x),
  quiet: (_i, x) => x,
};

/** Two signals (one of them anomalous), trained on a quiet past, then scored point by point. */
function run(shape: Shape, seed: number) {
  const a = noise(seed);
  const b = noise(seed + 1);
  const history = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < TRAIN; i++) {
    history.a.push(50 + 2 * a());
    history.b.push(20 + 1 * b());
  }
  const models: Models = trainModels(history);
  const flagged = { kmeans: [] as number[], forest: [] as number[] };
  for (let i = 0; i < AFTER; i++) {
    history.a.push(shape(i, 50 + 2 * a()));
    history.b.push(20 + 1 * b());
    const s = scoreLatest(models, history);
    if ((s.kmeans.get('a') ?? 0) > (models.kmeans.a?.threshold ?? 1)) flagged.kmeans.push(i);
    if ((s.forest ?? 0) > (models.forest?.model.threshold ?? 1)) flagged.forest.push(i);
  }
  return flagged;
}

describe('anomaly detection on synthetic series with known truth', () => {
  const results = Object.fromEntries(
    Object.entries(SHAPES).map(([name, shape]) => [
      name,
      [1, 2, 3].map((seed) => run(shape, seed)),
    ]),
  );

  it.each(['level shift', 'spike', 'variance change', 'stuck value'])(
    `flags a %s within ${MAX_DELAY} samples, by one method or the other`,
    (name) => {
      for (const r of results[name] ?? []) {
        const first = [...r.kmeans, ...r.forest].filter((i) => i >= ONSET).sort((x, y) => x - y)[0];
        expect(first, name).toBeDefined();
        expect((first as number) - ONSET, name).toBeLessThanOrEqual(MAX_DELAY);
      }
    },
  );

  it('flags under 3% of a long quiet series with each method', () => {
    for (const r of results.quiet ?? []) {
      expect(r.kmeans.length / AFTER).toBeLessThan(0.03);
      expect(r.forest.length / AFTER).toBeLessThan(0.03);
    }
  });

  it('reports precision and recall', () => {
    // Truth: from the onset on (a spike: the samples whose window holds it). Recall counts
    // anomalies flagged in time.
    const lines: string[] = [];
    for (const method of ['kmeans', 'forest'] as const) {
      let detected = 0;
      let events = 0;
      let truePoints = 0;
      let flaggedPoints = 0;
      for (const name of ['level shift', 'spike', 'variance change', 'stuck value'])
        for (const r of results[name] ?? []) {
          events++;
          const flags = r[method];
          if (flags.some((i) => i >= ONSET && i <= ONSET + MAX_DELAY)) detected++;
          flaggedPoints += flags.length;
          const end = name === 'spike' ? ONSET + MAX_DELAY : AFTER;
          truePoints += flags.filter((i) => i >= ONSET && i <= end).length;
        }
      const precision = flaggedPoints ? truePoints / flaggedPoints : 1;
      lines.push(
        `${method}: recall ${(detected / events).toFixed(2)}, precision ${precision.toFixed(2)}`,
      );
      expect(precision).toBeGreaterThan(0.5);
    }
    console.log(`anomaly detection on synthetic series: ${lines.join('; ')}`);
  });
});
