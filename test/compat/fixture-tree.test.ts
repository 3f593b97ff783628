/**
 * Differential test on node_exporter 1.5's own end-to-end fixture tree
 * (test/fixtures/node-exporter-1.5, Apache-2.0, see its NOTICE): Debian's node_exporter 1.5
 * and vigil read the same tree with the same flags, and every node_exporter collector vigil
 * has must expose the same series, label for label and value for value.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTORS } from '../../exporter/collectors/index.js';
import { type ParsedFamily, parseExposition } from '../helpers/exposition.js';
import { freePort, waitForHttp } from '../helpers/ports.js';
import { type RunningVigil, startVigil } from '../helpers/process.js';
import { findTool } from '../helpers/tools.js';

const nodeExporter = findTool('prometheus-node-exporter', 'node_exporter');
const TREE = fileURLToPath(new URL('../fixtures/node-exporter-1.5', import.meta.url));

/** The collectors node_exporter's end-to-end test runs on this tree, and their flags there. */
const E2E: Record<string, readonly string[]> = Object.fromEntries(
  `arp bcache bonding btrfs buddyinfo cgroups conntrack cpu cpufreq diskstats dmi drbd edac entropy
  fibrechannel filefd hwmon infiniband interrupts ipvs ksmd lnstat loadavg mdadm meminfo meminfo_numa
  mountstats netdev netstat nfs nfsd pressure processes qdisc rapl schedstat selinux slabinfo sockstat
  stat sysctl textfile thermal_zone udp_queues vmstat wifi xfs zfs zoneinfo`
    .split(/\s+/)
    .map((c) => [c, []]),
);
Object.assign(E2E, {
  arp: ['--collector.arp.device-exclude=nope'],
  bcache: ['--collector.bcache.priorityStats'],
  netclass: [
    '--collector.netclass.ignored-devices=(dmz|int)',
    '--collector.netclass.ignore-invalid-speed',
  ],
  stat: ['--collector.stat.softirq'],
  textfile: [`--collector.textfile.directory=${TREE}/textfile/two_metric_files/`],
  sysctl: [
    '--collector.sysctl.include=kernel.threads-max',
    '--collector.sysctl.include=fs.file-nr',
    '--collector.sysctl.include=fs.file-nr:total,current,max',
    '--collector.sysctl.include-info=kernel.seccomp.actions_avail',
  ],
});

/** Collectors vigil has but that cannot be compared on this tree, and why. */
const NOT_COMPARED: Record<string, string> = {
  netdev: 'node_exporter 1.5 reads interface counters through netlink, from the live host',
  thermal_zone:
    "the tree's class/thermal entries are flattened symlinks (plain files), so node_exporter 1.5 fails the collector there; test/unit/collectors/thermal-zone.test.ts covers it on a tree with real links",
  bcache:
    'the copied tree stores the bdev0/cache0 symlinks as text files, so node_exporter 1.5 fails (failed to read bdev0/dirty_data); compared on a symlinked copy in test/unit/collectors/bcache.test.ts',
  mountstats:
    "the copied tree's proc/self is a plain file, not a symlink, so node_exporter 1.5 panics (readlink .../proc/self: invalid argument); compared on a copy with self linked to proc/10 in test/unit/collectors/mountstats.test.ts",
};

const PATHS = [
  `--path.procfs=${TREE}/proc`,
  `--path.sysfs=${TREE}/sys`,
  `--path.rootfs=${TREE}`,
  `--path.udev.data=${TREE}/udev/data`,
];

/** node_* families of an exposition, without the exporter's own. */
function nodeFamilies(text: string): Map<string, ParsedFamily> {
  return new Map(
    [...parseExposition(text)].filter(
      ([name]) =>
        name.startsWith('node_') && !/^node_(scrape_collector_|exporter_build_info)/.test(name),
    ),
  );
}

function run(binary: string, args: string[]): Promise<string> {
  return freePort().then(async (port) => {
    const child = spawn(binary, [...args, `--web.listen-address=127.0.0.1:${port}`], {
      stdio: 'ignore',
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/metrics`);
      return await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    } finally {
      child.kill();
    }
  });
}

const key = (labels: Record<string, string>) =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

/** Every difference between node_exporter's families and vigil's, one line each. */
function differences(theirs: Map<string, ParsedFamily>, ours: Map<string, ParsedFamily>): string[] {
  const out: string[] = [];
  for (const [name, family] of theirs) {
    const mine = ours.get(name);
    if (!mine) {
      out.push(`missing family ${name}`);
      continue;
    }
    if (mine.type !== family.type) out.push(`${name}: type ${mine.type}, expected ${family.type}`);
    const values = new Map(mine.samples.map((s) => [`${s.name}${key(s.labels)}`, s.value]));
    for (const s of family.samples) {
      const id = `${s.name}${key(s.labels)}`;
      const v = values.get(id);
      if (v === undefined) out.push(`missing ${id}`);
      else if (!Object.is(v, s.value) && v !== s.value)
        out.push(`${id}: ${v}, expected ${s.value}`);
      values.delete(id);
    }
    for (const id of values.keys()) out.push(`extra ${id}`);
  }
  return out;
}

const compared = COLLECTORS.map((c) => c.name).filter((n) => n in E2E && !(n in NOT_COMPARED));

describe.skipIf(!nodeExporter)("node_exporter 1.5's fixture tree, read by both", () => {
  const theirs = new Map<string, Map<string, ParsedFamily>>();
  let ours: Map<string, ParsedFamily>;
  let vigil: RunningVigil | undefined;

  beforeAll(async () => {
    for (const name of compared) {
      const text = await run(nodeExporter as string, [
        ...PATHS,
        '--collector.disable-defaults',
        `--collector.${name}`,
        ...(E2E[name] ?? []),
      ]);
      theirs.set(name, nodeFamilies(text));
    }
    vigil = await startVigil([
      ...PATHS,
      '--collector.disable-defaults',
      ...compared.flatMap((name) => [`--collector.${name}`, ...(E2E[name] ?? [])]),
      '--web.disable-exporter-metrics',
    ]);
    ours = nodeFamilies(await (await fetch(`${vigil.url}/metrics`)).text());
  }, 120_000);

  afterAll(async () => {
    await vigil?.stop();
  });

  it('compares at least the collectors vigil had before', () => {
    expect(compared).toEqual(
      expect.arrayContaining(['cpu', 'loadavg', 'meminfo', 'pressure', 'stat']),
    );
  });

  it.each(compared)('%s: the same series, labels and values', (name) => {
    const reference = theirs.get(name) as Map<string, ParsedFamily>;
    expect(reference.size, `node_exporter exposes nothing for ${name} on the tree`).toBeGreaterThan(
      0,
    );
    expect(differences(reference, ours)).toEqual([]);
  });

  it('exposes no node_* family that node_exporter does not', () => {
    const known = new Set([...theirs.values()].flatMap((m) => [...m.keys()]));
    expect([...ours.keys()].filter((n) => !known.has(n))).toEqual([]);
  });

  it('cpu with --collector.cpu.info and its flag and bug patterns: the same series', async () => {
    const flags = [
      '--collector.disable-defaults',
      '--collector.cpu',
      '--collector.cpu.info',
      '--collector.cpu.info.flags-include=^(aes|avx.?|constant_tsc)$',
      '--collector.cpu.info.bugs-include=^(cpu_meltdown|spectre_.*|mds)$',
    ];
    const reference = nodeFamilies(await run(nodeExporter as string, [...PATHS, ...flags]));
    expect([...reference.keys()]).toEqual(
      expect.arrayContaining(['node_cpu_info', 'node_cpu_flag_info', 'node_cpu_bug_info']),
    );
    const info = await startVigil([...PATHS, ...flags, '--web.disable-exporter-metrics']);
    try {
      const mine = nodeFamilies(await (await fetch(`${info.url}/metrics`)).text());
      expect(differences(reference, mine)).toEqual([]);
      expect([...mine.keys()].filter((n) => !reference.has(n))).toEqual([]);
    } finally {
      await info.stop();
    }
  }, 60_000);
});
