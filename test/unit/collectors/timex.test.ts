import { describe, expect, it } from 'vitest';
import { timexCollector } from '../../../exporter/collectors/timex.js';
import { collectorContext, HOST_COLLECTORS } from '../../helpers/collectors.js';
import { HOST_PATHS } from '../../helpers/server.js';

const COUNTERS = [
  'node_timex_pps_calibration_total',
  'node_timex_pps_error_total',
  'node_timex_pps_jitter_total',
  'node_timex_pps_stability_exceeded_total',
];

describe.runIf(process.platform === 'linux')('timex collector on this kernel', () => {
  it("reads adjtimex(2) into node_exporter 1.5's 17 families", async () => {
    const collector = timexCollector.create(collectorContext(HOST_PATHS, () => undefined));
    const families = await collector.collect(new AbortController().signal);
    expect(families.map((f) => f.name).sort()).toEqual(
      [
        'node_timex_estimated_error_seconds',
        'node_timex_frequency_adjustment_ratio',
        'node_timex_loop_time_constant',
        'node_timex_maxerror_seconds',
        'node_timex_offset_seconds',
        ...COUNTERS,
        'node_timex_pps_frequency_hertz',
        'node_timex_pps_jitter_seconds',
        'node_timex_pps_shift_seconds',
        'node_timex_pps_stability_hertz',
        'node_timex_status',
        'node_timex_sync_status',
        'node_timex_tai_offset_seconds',
        'node_timex_tick_seconds',
      ].sort(),
    );
    for (const f of families) {
      expect(f.type, f.name).toBe(COUNTERS.includes(f.name) ? 'counter' : 'gauge');
      expect(f.samples, f.name).toHaveLength(1);
      expect(f.samples[0]?.labels, f.name).toEqual({});
      expect(Number.isFinite(f.samples[0]?.value), f.name).toBe(true);
    }
    const value = (name: string) => families.find((f) => f.name === name)?.samples[0]?.value;
    expect([0, 1]).toContain(value('node_timex_sync_status'));
    // USER_HZ ticks: 100 Hz to 1000 Hz kernels.
    expect(value('node_timex_tick_seconds')).toBeGreaterThanOrEqual(0.0009);
    expect(value('node_timex_tick_seconds')).toBeLessThanOrEqual(0.011);
    expect(Math.abs((value('node_timex_frequency_adjustment_ratio') as number) - 1)).toBeLessThan(
      0.001,
    );
  });

  it('does not change the clock: a second read sees the same status and constant', async () => {
    const collector = timexCollector.create(collectorContext(HOST_PATHS, () => undefined));
    const read = async () =>
      Object.fromEntries(
        (await collector.collect(new AbortController().signal)).map((f) => [
          f.name,
          f.samples[0]?.value,
        ]),
      );
    const [a, b] = [await read(), await read()];
    expect(b.node_timex_status).toBe(a.node_timex_status);
    expect(b.node_timex_loop_time_constant).toBe(a.node_timex_loop_time_constant);
    expect(b.node_timex_tick_seconds).toBe(a.node_timex_tick_seconds);
  });

  it('is not one of the collectors compared on fixture trees (it reads the live kernel)', () => {
    expect(HOST_COLLECTORS).not.toContain('timex');
  });
});
