/**
 * The processes, ksmd, selinux, interrupts, schedstat and stat (softirq) collectors on small
 * trees: what node_exporter 1.5's fixture tree does not cover (threads, absent sources).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { interruptsCollector } from '../../../exporter/collectors/interrupts.js';
import { ksmdCollector } from '../../../exporter/collectors/ksmd.js';
import { processesCollector } from '../../../exporter/collectors/processes.js';
import { schedstatCollector } from '../../../exporter/collectors/schedstat.js';
import {
  readSelinuxState,
  selinuxCollector,
  selinuxFamilies,
} from '../../../exporter/collectors/selinux.js';
import { statCollector } from '../../../exporter/collectors/stat.js';
import type { CollectorDefinition, HostPaths } from '../../../exporter/core/collector.js';
import type { MetricFamily } from '../../../exporter/exposition/types.js';
import { collectorContext } from '../../helpers/collectors.js';

let root: string;
let paths: HostPaths;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-kernel-'));
  paths = { procfs: join(root, 'proc'), sysfs: join(root, 'sys'), rootfs: root };
  await mkdir(paths.procfs);
  await mkdir(paths.sysfs);
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), text);
}

function collect<S>(definition: CollectorDefinition<S>, settings?: S): Promise<MetricFamily[]> {
  return definition
    .create(collectorContext(paths, () => settings as S))
    .collect(new AbortController().signal);
}

function values(families: MetricFamily[], name: string): Array<[string, number]> {
  const family = families.find((f) => f.name === name);
  return (family?.samples ?? []).map((s) => [JSON.stringify(s.labels), s.value]);
}

/** A /proc/<pid>/stat line in a given state with a thread count (from a real systemd line). */
const stat = (pid: string, state: string, threads: number) =>
  `${pid} (some (odd) name) ${state} 0 1 1 0 -1 4194560 9061 9416027 94 2620 36 98 54406 13885 20 0 ${threads} 0 29 109604864 2507 18446744073709551615 1 1 0 0 0 0 671173123 4096 1260 0 0 0 17 0 0 0 19 0 0 0 0 0 0 0 0 0 0\n`;

describe('processes collector', () => {
  beforeEach(async () => {
    await put('proc/sys/kernel/threads-max', '62519\n');
    await put('proc/sys/kernel/pid_max', '4194304\n');
  });

  it('counts processes, threads and their states, reading each task', async () => {
    await put('proc/100/stat', stat('100', 'S', 3));
    await put('proc/100/task/100/stat', stat('100', 'S', 3));
    await put('proc/100/task/101/stat', stat('101', 'R', 3));
    await put('proc/100/task/102/stat', stat('102', 'D', 3));
    await put('proc/200/stat', stat('200', 'Z', 1));
    // A thread that exited between the listing and the read, and a process without tasks.
    await mkdir(join(paths.procfs, '200/task/201'), { recursive: true });
    await put('proc/300/stat', stat('300', 'S', 1));
    await mkdir(join(paths.procfs, 'self'));
    await mkdir(join(paths.procfs, '400'));

    const families = await collect(processesCollector);
    expect(values(families, 'node_processes_pids')).toEqual([['{}', 3]]);
    expect(values(families, 'node_processes_threads')).toEqual([['{}', 5]]);
    expect(values(families, 'node_processes_max_threads')).toEqual([['{}', 62519]]);
    expect(values(families, 'node_processes_max_processes')).toEqual([['{}', 4194304]]);
    expect(Object.fromEntries(values(families, 'node_processes_state'))).toEqual({
      '{"state":"S"}': 2,
      '{"state":"Z"}': 1,
    });
    expect(Object.fromEntries(values(families, 'node_processes_threads_state'))).toEqual({
      '{"thread_state":"S"}': 1,
      '{"thread_state":"R"}': 1,
      '{"thread_state":"D"}': 1,
    });
  });

  it('fails on a malformed stat file, naming it', async () => {
    await put('proc/100/stat', '100 (x) S 1 2\n');
    await expect(collect(processesCollector)).rejects.toThrow(/100\/stat: line 1: expected/);
  });

  it('returns nothing without procfs', async () => {
    paths = { ...paths, procfs: join(root, 'nowhere') };
    expect(await collect(processesCollector)).toEqual([]);
  });
});

describe('ksmd collector', () => {
  it('exposes each file, sleep in seconds, and skips files this kernel lacks', async () => {
    await put('sys/kernel/mm/ksm/full_scans', '323\n');
    await put('sys/kernel/mm/ksm/sleep_millisecs', '20\n');
    await put('sys/kernel/mm/ksm/run', '1\n');
    const families = await collect(ksmdCollector);
    expect(families.map((f) => [f.name, f.type, f.samples[0]?.value])).toEqual([
      ['node_ksmd_full_scans_total', 'counter', 323],
      ['node_ksmd_run', 'gauge', 1],
      ['node_ksmd_sleep_seconds', 'gauge', 0.02],
    ]);
    expect(families[0]?.help).toBe("ksmd 'full_scans' file.");
  });

  it('returns nothing on a kernel without KSM', async () => {
    expect(await collect(ksmdCollector)).toEqual([]);
  });

  it('fails on a malformed file', async () => {
    await put('sys/kernel/mm/ksm/run', 'yes\n');
    await expect(collect(ksmdCollector)).rejects.toThrow(/ksm\/run: line 1/);
  });
});

describe('selinux collector', () => {
  it('reports SELinux disabled where no selinuxfs is mounted, as node_exporter', async () => {
    await put('proc/stat', 'cpu  1 2 3 4\n');
    // A directory that looks like selinuxfs but is not mounted as it does not count.
    await put('sys/fs/selinux/enforce', '1');
    await put('etc/selinux/config', 'SELINUX=enforcing\n');
    expect(readSelinuxState(paths)).toEqual({ enabled: false, configMode: -1, currentMode: -1 });
    const families = await collect(selinuxCollector);
    expect(families.map((f) => [f.name, f.samples[0]?.value])).toEqual([
      ['node_selinux_enabled', 0],
    ]);
  });

  it('exposes both modes when enabled', () => {
    const families = selinuxFamilies({ enabled: true, configMode: 1, currentMode: 0 });
    expect(families.map((f) => [f.name, f.type, f.samples[0]?.value])).toEqual([
      ['node_selinux_enabled', 'gauge', 1],
      ['node_selinux_config_mode', 'gauge', 1],
      ['node_selinux_current_mode', 'gauge', 0],
    ]);
  });

  it('returns nothing without procfs (not Linux)', async () => {
    expect(await collect(selinuxCollector)).toEqual([]);
  });
});

describe('absent sources', () => {
  it('interrupts and schedstat return nothing', async () => {
    expect(await collect(interruptsCollector)).toEqual([]);
    expect(await collect(schedstatCollector)).toEqual([]);
  });
});

describe('stat collector softirqs', () => {
  const text = 'cpu  1 2 3 4\nbtime 10\nsoftirq 55 1 2 3 4 5 6 7 8 9 10\n';

  it('exposes node_softirqs_total only when asked', async () => {
    await put('proc/stat', text);
    const off = await collect(statCollector, { softirq: false });
    expect(off.some((f) => f.name === 'node_softirqs_total')).toBe(false);
    const on = await collect(statCollector, { softirq: true });
    const softirqs = on.find((f) => f.name === 'node_softirqs_total');
    expect(softirqs?.type).toBe('counter');
    expect(softirqs?.help).toBe('Number of softirq calls.');
    expect(Object.fromEntries(values(on, 'node_softirqs_total'))).toMatchObject({
      '{"vector":"hi"}': 1,
      '{"vector":"block_iopoll"}': 6,
      '{"vector":"rcu"}': 10,
    });
    expect(softirqs?.samples).toHaveLength(10);
  });
});
