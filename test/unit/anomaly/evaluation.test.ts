import { describe, expect, it } from 'vitest';
import { evaluate, type LabelledSeries, summarise } from '../../bench/anomaly-eval/metrics.js';
import { parseSeriesCsv } from '../../bench/anomaly-eval/nab.js';

const HOUR = 3600_000;
/** 100 hourly points; one window over points 60–69. */
const series: LabelledSeries = {
  name: 'test/hourly.csv',
  times: Array.from({ length: 100 }, (_, i) => i * HOUR),
  values: new Float64Array(100),
  windows: [[60 * HOUR, 69 * HOUR]],
};
const flagsAt = (...points: number[]) => {
  const flags = new Uint8Array(100);
  for (const p of points) flags[p] = 1;
  return flags;
};

describe('scoring flags against labelled windows', () => {
  it('ignores the probation, counts a run of flags as one episode, a window once', () => {
    // 5 is in the first 15%; 30–32 is one false episode; 62 and 65–66 are inside the window.
    const r = evaluate(series, flagsAt(5, 30, 31, 32, 62, 65, 66));
    expect(r).toMatchObject({ windows: 1, detected: 1, episodes: 3, falseEpisodes: 1 });
    expect(r.firstFlagAt[0]).toBeCloseTo(2 / 9, 10);
    expect(r.weeks).toBeCloseTo((99 - 15) / 168, 10);
    // Precision counts the detected window once, however often the flag flickers inside it.
    expect(summarise([r])).toMatchObject({ recall: 1, precision: 0.5 });
  });

  it('counts an episode that runs into a window as true, and a missed window against recall', () => {
    const r = evaluate(series, flagsAt(58, 59, 60));
    expect(r).toMatchObject({ detected: 1, episodes: 1, falseEpisodes: 0 });
    const s = summarise([r, evaluate(series, flagsAt(20))]);
    expect(s.recall).toBe(0.5);
    expect(s.precision).toBe(0.5);
    expect(s.f1).toBe(0.5);
  });
});

describe('NAB files', () => {
  it('parse, naming the line of a bad value', () => {
    const { times, values } = parseSeriesCsv(
      'timestamp,value\n2014-04-01 00:00:00,20.0\n2014-04-01 00:05:00,21.5\n',
      'a.csv',
    );
    expect(times).toEqual([Date.UTC(2014, 3, 1), Date.UTC(2014, 3, 1, 0, 5)]);
    expect([...values]).toEqual([20, 21.5]);
    expect(() => parseSeriesCsv('timestamp,value\n2014-04-01 00:00:00,x\n', 'a.csv')).toThrow(
      'a.csv:2: expected "timestamp,value"',
    );
  });
});
