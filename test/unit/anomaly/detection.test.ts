import { describe, expect, it } from 'vitest';
import { AnomalyDetector } from '../../../exporter/anomaly/detector.js';
import { FEATURE_WINDOW } from '../../../exporter/anomaly/features.js';
import { HOLD } from '../../../exporter/anomaly/flags.js';
import { trainModels } from '../../../exporter/anomaly/training.js';
import { silentLogger } from '../../../exporter/core/logger.js';

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

/**
 * Two signals (one of them anomalous) through the collector's detector: trained once on a
 * quiet past, then fed point by point. Returns the points where each method's flag is up.
 */
async function run(shape: Shape, seed: number) {
  const a = noise(seed);
  const b = noise(seed + 1);
  const detector = new AnomalyDetector(
    {
      signals: ['a', 'b'],
      capacity: TRAIN + AFTER,
      minPoints: TRAIN,
      trainEvery: 10 * AFTER,
      train: async (history) => trainModels(history),
    },
    silentLogger,
  );
  for (let i = 0; i < TRAIN; i++) detector.push({ a: 50 + 2 * a(), b: 20 + b() });
  await detector.settled();
  const flagged = { kmeans: [] as number[], forest: [] as number[] };
  for (let i = 0; i < AFTER; i++) {
    detector.push({ a: shape(i, 50 + 2 * a()), b: 20 + b() });
    if (detector.flags.kmeans.get('a')?.on || detector.flags.kmeans.get('b')?.on)
      flagged.kmeans.push(i);
    if (detector.flags.isolation_forest.on) flagged.forest.push(i);
  }
  return flagged;
}

describe('anomaly flags on synthetic series with known truth', async () => {
  const results: Record<string, Awaited<ReturnType<typeof run>>[]> = {};
  for (const [name, shape] of Object.entries(SHAPES))
    results[name] = await Promise.all([1, 2, 3].map((seed) => run(shape, seed)));

  it.each(['level shift', 'spike', 'variance change', 'stuck value'])(
    `flags a %s within ${MAX_DELAY} samples, by one method or the other`,
    (name) => {
      for (const r of results[name] ?? []) {
        const first = [...r.kmeans, ...r.forest].sort((x, y) => x - y)[0];
        expect(first, name).toBeDefined();
        expect(first as number, name).toBeGreaterThanOrEqual(ONSET);
        expect((first as number) - ONSET, name).toBeLessThanOrEqual(MAX_DELAY);
      }
    },
  );

  it('raises no flag at all on a quiet series', () => {
    for (const r of results.quiet ?? []) expect(r).toEqual({ kmeans: [], forest: [] });
  });

  it('holds a flag raised by a single spike for a few minutes, then drops it', () => {
    for (const r of results.spike ?? []) {
      const flags = [...new Set([...r.kmeans, ...r.forest])].sort((x, y) => x - y);
      expect(flags[0]).toBe(ONSET);
      // One episode: consecutive points, ending once HOLD quiet samples have passed after
      // the spike has left the feature window.
      expect(flags.length).toBeGreaterThan(HOLD);
      expect(flags.length).toBeLessThanOrEqual(FEATURE_WINDOW + HOLD + 1);
      expect(flags.at(-1)).toBe((flags[0] as number) + flags.length - 1);
      expect(flags.at(-1)).toBeLessThan(AFTER - 1);
    }
  });
});
