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
    expect(signals.collectors.sort()).toEqual(['apis', 'logs', 'process_groups']);
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

describe('host signals', () => {
  const gauge = (name: string, samples: Array<[Record<string, string>, number]>): MetricFamily => ({
    ...family(name, samples),
    type: 'gauge',
  });
  /** What the cpu, meminfo, loadavg, diskstats and netdev collectors return. */
  const host = (busy: number, idle: number, disk: number, net: number) => [
    family('node_cpu_seconds_total', [
      [{ cpu: '0', mode: 'user' }, busy / 2],
      [{ cpu: '0', mode: 'idle' }, idle / 2],
      [{ cpu: '1', mode: 'system' }, busy / 2],
      [{ cpu: '1', mode: 'iowait' }, idle / 2],
    ]),
    gauge('node_memory_MemTotal_bytes', [[{}, 1000]]),
    gauge('node_memory_MemAvailable_bytes', [[{}, 250]]),
    gauge('node_load1', [[{}, 3]]),
    family('node_disk_read_bytes_total', [[{ device: 'sda' }, disk]]),
    family('node_disk_written_bytes_total', [[{ device: 'sda' }, disk]]),
    family('node_network_receive_bytes_total', [
      [{ device: 'eth0' }, net],
      [{ device: 'lo' }, 1e9],
    ]),
    family('node_network_transmit_bytes_total', [[{ device: 'eth0' }, 0]]),
  ];

  it('reads them from the families of the collectors that own the figures', () => {
    const reader = new SignalReader(['cpu', 'memory', 'load', 'disk_io', 'network']);
    expect(reader.collectors.sort()).toEqual(['cpu', 'diskstats', 'loadavg', 'meminfo', 'netdev']);
    const first = reader.read(host(100, 100, 0, 0), 0);
    expect(first.memory).toBe(0.75);
    expect(first.load).toBe(1.5); // per CPU
    expect(Number.isNaN(first.cpu)).toBe(true); // rates and shares need two readings
    const second = reader.read(host(130, 110, 4096, 2000), 2_000);
    expect(second.cpu).toBe(0.75); // 30 busy seconds of 40
    expect(second.disk_io).toBe(4096); // (4096 read + 4096 written) / 2 s
    expect(second.network).toBe(1000); // loopback left out
  });

  it('reads a gap when a collector returned nothing', () => {
    const reader = new SignalReader(['memory', 'disk_io']);
    const out = reader.read([], 0);
    expect(Number.isNaN(out.memory)).toBe(true);
    expect(Number.isNaN(out.disk_io)).toBe(true);
  });
});
