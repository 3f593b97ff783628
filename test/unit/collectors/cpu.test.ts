import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CpuSettings,
  cpuCollector,
  MonotonicCpuTimes,
} from '../../../exporter/collectors/cpu.js';
import type { HostPaths } from '../../../exporter/core/collector.js';
import type { MetricFamily } from '../../../exporter/exposition/types.js';
import { collectorContext } from '../../helpers/collectors.js';

const TREE = fileURLToPath(new URL('../../fixtures/node-exporter-1.5', import.meta.url));
const FIXTURE: HostPaths = { procfs: `${TREE}/proc`, sysfs: `${TREE}/sys`, rootfs: TREE };
const DEFAULTS: CpuSettings = {
  guest: true,
  info: false,
  info_flags_include: '',
  info_bugs_include: '',
};

async function collect(
  paths: HostPaths,
  settings: Partial<CpuSettings> = {},
): Promise<Map<string, MetricFamily>> {
  const collector = cpuCollector.create(
    collectorContext(paths, () => ({ ...DEFAULTS, ...settings })),
  );
  const families = await collector.collect(new AbortController().signal);
  return new Map(families.map((f) => [f.name, f]));
}

/** The samples of a family as `labels=value` lines, label order ignored, sorted. */
function series(families: Map<string, MetricFamily>, name: string): string[] {
  return (families.get(name)?.samples ?? [])
    .map(({ labels, value }) => {
      const l = Object.entries(labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}="${v}"`);
      return `{${l.join(',')}} ${value}`;
    })
    .sort();
}

const I7 =
  'cachesize="8192 KB",core="%core",cpu="%cpu",family="6",microcode="0xb4",model="142",model_name="Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz",package="0",stepping="10",vendor="GenuineIntel"';
const info = (cpu: number, core: number) =>
  `{${I7.replace('%core', String(core)).replace('%cpu', String(cpu))}} 1`;

describe('cpu collector on node_exporter 1.5 fixture tree', () => {
  // Expected values: node_exporter 1.5 on the same tree with
  // --collector.cpu.info --collector.cpu.info.flags-include='^(aes|avx.?|constant_tsc)$'
  // --collector.cpu.info.bugs-include='^(cpu_meltdown|spectre_.*|mds)$'.
  it('exposes node_cpu_info and the filtered flags and bugs of the first CPU', async () => {
    const families = await collect(FIXTURE, {
      info: true,
      info_flags_include: '^(aes|avx.?|constant_tsc)$',
      info_bugs_include: '^(cpu_meltdown|spectre_.*|mds)$',
    });
    expect(series(families, 'node_cpu_info')).toEqual(
      [
        info(0, 0),
        info(4, 0),
        info(1, 1),
        info(5, 1),
        info(2, 2),
        info(6, 2),
        info(3, 3),
        info(7, 3),
      ].sort(),
    );
    expect(series(families, 'node_cpu_flag_info')).toEqual([
      '{flag="aes"} 1',
      '{flag="avx"} 1',
      '{flag="avx2"} 1',
      '{flag="constant_tsc"} 1',
    ]);
    expect(series(families, 'node_cpu_bug_info')).toEqual([
      '{bug="cpu_meltdown"} 1',
      '{bug="mds"} 1',
      '{bug="spectre_v1"} 1',
      '{bug="spectre_v2"} 1',
    ]);
    expect(families.get('node_cpu_info')?.help).toBe('CPU information from /proc/cpuinfo.');
    expect(families.get('node_cpu_flag_info')?.help).toBe(
      'The `flags` field of CPU information from /proc/cpuinfo taken from the first core.',
    );
  });

  it('exposes no flag or bug info without their patterns, and info only when asked', async () => {
    const on = await collect(FIXTURE, { info: true });
    expect(series(on, 'node_cpu_info')).toHaveLength(8);
    expect(on.has('node_cpu_flag_info')).toBe(false);
    expect(on.has('node_cpu_bug_info')).toBe(false);
    expect((await collect(FIXTURE)).has('node_cpu_info')).toBe(false);
  });

  it('turns the info on when a flags or bugs pattern is set, as node_exporter does', async () => {
    const families = await collect(FIXTURE, { info_bugs_include: '^l1tf$' });
    expect(series(families, 'node_cpu_info')).toHaveLength(8);
    expect(series(families, 'node_cpu_bug_info')).toEqual(['{bug="l1tf"} 1']);
    expect(families.has('node_cpu_flag_info')).toBe(false);
  });

  it('exposes thermal throttles per package and core, and the isolated CPUs', async () => {
    const families = await collect(FIXTURE);
    expect(series(families, 'node_cpu_package_throttles_total')).toEqual([
      '{package="0"} 30',
      '{package="1"} 6',
    ]);
    expect(series(families, 'node_cpu_core_throttles_total')).toEqual([
      '{core="0",package="0"} 5',
      '{core="0",package="1"} 0',
      '{core="1",package="0"} 0',
      '{core="1",package="1"} 9',
    ]);
    expect(families.get('node_cpu_core_throttles_total')?.type).toBe('counter');
    expect(series(families, 'node_cpu_isolated')).toEqual([
      '{cpu="1"} 1',
      '{cpu="3"} 1',
      '{cpu="4"} 1',
      '{cpu="5"} 1',
      '{cpu="9"} 1',
    ]);
  });

  it('keeps node_cpu_guest_seconds_total, unless collectors.cpu.guest is off', async () => {
    const on = await collect(FIXTURE);
    expect(series(on, 'node_cpu_guest_seconds_total')).toContain('{cpu="7",mode="user"} 0.09');
    expect(series(on, 'node_cpu_seconds_total')).toContain('{cpu="0",mode="idle"} 10870.69');
    const off = await collect(FIXTURE, { guest: false });
    expect(off.has('node_cpu_guest_seconds_total')).toBe(false);
    expect(off.has('node_cpu_seconds_total')).toBe(true);
  });
});

describe('cpu collector on a made-up tree', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-cpu-'));
  const put = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const cpu = (n: string, pkg: string, core: string, coreCount?: string, pkgCount?: string) => {
    put(`sys/devices/system/cpu/${n}/topology/physical_package_id`, `${pkg}\n`);
    put(`sys/devices/system/cpu/${n}/topology/core_id`, `${core}\n`);
    if (coreCount !== undefined)
      put(`sys/devices/system/cpu/${n}/thermal_throttle/core_throttle_count`, `${coreCount}\n`);
    if (pkgCount !== undefined)
      put(`sys/devices/system/cpu/${n}/thermal_throttle/package_throttle_count`, `${pkgCount}\n`);
  };
  put('proc/stat', 'cpu  1 0 1 10 0 0 0 0 0 0\ncpu0 1 0 1 10 0 0 0 0 0 0\n');
  // Read in name order, as Go's Glob sorts: cpu0, cpu1, cpu10, cpu2, cpu3, cpu4.
  cpu('cpu0', '0', '0', '5', '30');
  cpu('cpu1', '0', '0', '7', '99'); // sibling of cpu0: already counted, not read again
  cpu('cpu10', '0', '1'); // no thermal_throttle: cpu2 supplies core 1
  cpu('cpu2', '0', '1', '3', '98');
  put('sys/devices/system/cpu/cpu3/online', '1\n'); // no topology: skipped
  cpu('cpu4', '-1', '0', '8', '8'); // not an unsigned package id: skipped
  cpu('cpu5', '01', '2', '4'); // numbers are normalised; package 1 has no package count
  const paths: HostPaths = { procfs: join(root, 'proc'), sysfs: join(root, 'sys'), rootfs: root };
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('counts each core and package once, from the first CPU in name order that has it', async () => {
    const families = await collect(paths);
    expect(series(families, 'node_cpu_package_throttles_total')).toEqual(['{package="0"} 30']);
    expect(series(families, 'node_cpu_core_throttles_total')).toEqual([
      '{core="0",package="0"} 5',
      '{core="1",package="0"} 3',
      '{core="2",package="1"} 4',
    ]);
    expect(families.has('node_cpu_isolated')).toBe(false);
  });

  it('fails on a malformed isolated list, naming the file', async () => {
    put('sys/devices/system/cpu/isolated', '1-x\n');
    try {
      await expect(collect(paths)).rejects.toThrow(/devices\/system\/cpu\/isolated: line 1/);
    } finally {
      rmSync(join(root, 'sys/devices/system/cpu/isolated'));
    }
  });

  it('fails without a readable /proc/cpuinfo when the info is on, as node_exporter does', async () => {
    await expect(collect(paths, { info: true })).rejects.toThrow(/ENOENT/);
    put('proc/cpuinfo', 'processor\t: 0\ncpu MHz\t\t: n/a\n');
    await expect(collect(paths, { info: true })).rejects.toThrow(/cpuinfo: line 2: cpu MHz/);
  });
});

describe('cpu collector without procfs', () => {
  it('falls back to os.cpus() for node_cpu_seconds_total alone', async () => {
    const families = await collect(
      { procfs: '/nonexistent/proc', sysfs: '/nonexistent/sys', rootfs: '/' },
      { info: true, info_flags_include: '.' },
    );
    expect([...families.keys()]).toEqual(['node_cpu_seconds_total']);
    expect(series(families, 'node_cpu_seconds_total').some((s) => s.includes('mode="idle"'))).toBe(
      true,
    );
  });
});

describe('MonotonicCpuTimes', () => {
  it('keeps a counter from stepping back by kernel noise', () => {
    const m = new MonotonicCpuTimes();
    expect(m.value('0', 'iowait', 100)).toBe(100);
    expect(m.value('0', 'iowait', 99.5)).toBe(100);
    expect(m.value('0', 'iowait', 101)).toBe(101);
  });

  it('accepts a large drop as a CPU that went offline and back', () => {
    const m = new MonotonicCpuTimes();
    m.value('1', 'idle', 5000);
    expect(m.value('1', 'idle', 10)).toBe(10);
  });
});
