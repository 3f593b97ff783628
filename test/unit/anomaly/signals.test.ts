import { describe, expect, it } from 'vitest';
import { SignalReader } from '../../../exporter/anomaly/signals.js';
import { parseConfig } from '../../../exporter/config/load.js';
import type { MetricFamily } from '../../../exporter/exposition/types.js';

const family = (name: string, samples: Array<[Record<string, string>, number]>): MetricFamily => ({
  name,
  help: '',
  type: 'counter',
  samples: samples.map(([labels, value]) => ({ labels, value })),
});

describe('workload signals', () => {
  const signals = new SignalReader(['process:db', 'log:app/errors', 'api:shop/orders_pending']);

  it('asks the collectors they come from', () => {
    expect(signals.collectors.sort()).toEqual(['apis', 'logs', 'processes']);
  });

  it('turns counters into rates between readings, reads API values as they are', () => {
    const at = (cpu: number, matches: number, pending: number) => [
      family('vigil_process_cpu_seconds_total', [
        [{ groupname: 'db', mode: 'user' }, cpu],
        [{ groupname: 'db', mode: 'system' }, cpu / 2],
        [{ groupname: 'web', mode: 'user' }, 999],
      ]),
      family('vigil_log_matches_total', [[{ source: 'app', rule: 'errors' }, matches]]),
      family('orders_pending', [[{ target: 'shop' }, pending]]),
    ];
    const first = signals.read(at(10, 100, 7), 0);
    expect(Number.isNaN(first['process:db'])).toBe(true); // a rate needs two readings
    expect(first['api:shop/orders_pending']).toBe(7);
    const second = signals.read(at(14, 110, 9), 2_000);
    expect(second['process:db']).toBe(3); // (14 + 7 - 10 - 5) / 2 s
    expect(second['log:app/errors']).toBe(5);
    expect(second['api:shop/orders_pending']).toBe(9);
    // A series that disappears is a gap, not zero.
    expect(Number.isNaN(signals.read([], 4_000)['api:shop/orders_pending'])).toBe(true);
  });

  it('must name something the configuration defines', () => {
    const config = (signal: string) =>
      parseConfig(
        `processes:\n  groups:\n    - {name: db, comm: [postgres]}\nlogs:\n  sources:\n    - name: app\n      paths: [/x.log]\n      rules:\n        - {name: errors, match: ERROR, metric: e_total}\ncollectors:\n  anomaly:\n    signals: [cpu, "${signal}"]\n`,
        'v.yml',
      );
    expect(() => config('process:db')).not.toThrow();
    expect(() => config('log:app/errors')).not.toThrow();
    expect(() => config('process:web')).toThrow(
      /collectors\.anomaly\.signals\[1\]: signal "process:web" names no process group/,
    );
    expect(() => config('log:app/warnings')).toThrow(/names no log source\/rule/);
    expect(() => config('api:shop/x')).toThrow(/names no API target\/metric/);
    expect(() => config('temperature')).toThrow(/expected one of cpu, memory/);
  });
});
