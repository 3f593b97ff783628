import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { threeSigma } from '../bench/anomaly-eval/baselines.js';
import { evaluate, type LabelledSeries } from '../bench/anomaly-eval/metrics.js';
import { readNab } from '../bench/anomaly-eval/nab.js';
import { collectorCadence, vigilFlags } from '../bench/anomaly-eval/vigil.js';

/** The labelled development subset of the Numenta Anomaly Benchmark, beside the checkout. */
const nab = join(import.meta.dirname, '../../../shared/nab-dev');

describe.runIf(existsSync(nab) || process.env.CI)('anomaly flags on labelled real series', () => {
  it('read the development subset with its windows', () => {
    const all = readNab(nab);
    expect(all).toHaveLength(24);
    expect(all.reduce((n, s) => n + s.windows.length, 0)).toBe(34);
    const quiet = readNab(nab, ['artificialNoAnomaly']);
    expect(quiet.map((s) => s.windows.length)).toEqual([0, 0, 0, 0, 0]);
    // A flat series never leaves its 3-sigma band: no false alarm.
    const flat = quiet.find((s) => s.name.endsWith('art_flatline.csv')) as LabelledSeries;
    expect(evaluate(flat, threeSigma(flat.values, collectorCadence())).episodes).toBe(0);
  });

  it("the collector's flags: at most 2 false alarms a week without anomalies, anomalies found", async () => {
    for (const s of readNab(nab, ['artificialNoAnomaly', 'artificialWithAnomaly'])) {
      const r = evaluate(s, (await vigilFlags(s.values, collectorCadence())).either);
      expect(r.falseEpisodes / r.weeks, s.name).toBeLessThanOrEqual(2);
      // The one window of a series whose daily peaks grow, or whose spikes come faster.
      if (/jumpsup|spike_density/.test(s.name)) expect(r.detected, s.name).toBe(1);
    }
  }, 60_000);
});
