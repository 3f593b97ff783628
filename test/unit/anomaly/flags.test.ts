import { describe, expect, it } from 'vitest';
import { AnomalyFlag, HOLD, RAISE_AFTER } from '../../../exporter/anomaly/flags.js';

const limits = { threshold: 1, strong: 2 };

/** The flag after each score. */
function feed(scores: (number | null)[]): boolean[] {
  const flag = new AnomalyFlag();
  return scores.map((s) => flag.update(s, limits));
}

describe('anomaly flag', () => {
  it(`is raised by ${RAISE_AFTER} samples in a row above the threshold, not by one`, () => {
    expect(feed([0.5, 1.5, 0.5, 1.5, 1.5])).toEqual([false, false, false, false, true]);
  });

  it('is raised by one sample above the strong limit', () => {
    expect(feed([0.5, 2.5])).toEqual([false, true]);
  });

  it(`holds through ${HOLD} samples below the threshold and drops on the next`, () => {
    const out = feed([3, ...Array(HOLD + 1).fill(0.5)]);
    expect(out.slice(0, HOLD + 1).every(Boolean)).toBe(true);
    expect(out.at(-1)).toBe(false);
  });

  it('counts the hold from the last anomalous sample: a flickering incident is one alarm', () => {
    const flickering = Array.from({ length: 200 }, (_, i) => (i % 20 === 0 ? 1.5 : 0.5));
    const out = feed([3, ...flickering]);
    expect(out.every(Boolean)).toBe(true);
  });

  it('treats a sample that could not be scored as not anomalous', () => {
    expect(feed([1.5, null, 1.5])).toEqual([false, false, false]);
  });
});
