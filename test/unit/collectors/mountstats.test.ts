/**
 * The mountstats collector against node_exporter 1.5 on its own fixture tree. The copied tree
 * keeps proc/self as a plain file, on which node_exporter 1.5 panics (readlink .../proc/self:
 * invalid argument), so both read a copy of proc where self is a symlink to proc/10, the pid
 * directory that holds the fixture's mountstats and mountinfo.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountstatsCollector } from '../../../exporter/collectors/mountstats.js';
import type { HostPaths } from '../../../exporter/core/collector.js';
import type { MetricFamily } from '../../../exporter/exposition/types.js';
import { collectorContext } from '../../helpers/collectors.js';
import { type ParsedFamily, parseExposition } from '../../helpers/exposition.js';
import { freePort, waitForHttp } from '../../helpers/ports.js';
import { findTool } from '../../helpers/tools.js';

const TREE = fileURLToPath(new URL('../../fixtures/node-exporter-1.5', import.meta.url));
const nodeExporter =
  process.platform === 'linux' ? findTool('prometheus-node-exporter', 'node_exporter') : null;

let dir: string;
let paths: HostPaths;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-mountstats-'));
  cpSync(join(TREE, 'proc/10'), join(dir, 'proc/10'), { recursive: true });
  symlinkSync('10', join(dir, 'proc/self'));
  paths = { procfs: join(dir, 'proc'), sysfs: join(dir, 'sys'), rootfs: dir };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const collect = (p: HostPaths): Promise<MetricFamily[]> =>
  mountstatsCollector
    .create(collectorContext(p, () => undefined))
    .collect(new AbortController().signal);

const key = (labels: Record<string, string>) =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

/** `name{labels} value` lines, sorted. */
function series(
  families: Iterable<{
    name: string;
    samples: readonly { labels: Record<string, string>; value: number }[];
  }>,
): string[] {
  return [...families]
    .flatMap((f) => f.samples.map((s) => `${f.name}${key(s.labels)} ${s.value}`))
    .sort();
}

async function runNodeExporter(): Promise<Map<string, ParsedFamily>> {
  const port = await freePort();
  const child = spawn(
    nodeExporter as string,
    [
      `--path.procfs=${paths.procfs}`,
      `--path.sysfs=${paths.sysfs}`,
      `--path.rootfs=${paths.rootfs}`,
      '--collector.disable-defaults',
      '--collector.mountstats',
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  try {
    const url = `http://127.0.0.1:${port}/metrics`;
    await waitForHttp(url);
    const text = await (await fetch(url)).text();
    return new Map(
      [...parseExposition(text)].filter(([name]) => name.startsWith('node_mountstats_')),
    );
  } finally {
    child.kill();
  }
}

describe('mountstats collector', () => {
  it.skipIf(!nodeExporter)(
    "exposes node_exporter 1.5's families, types, HELP, series and values",
    async () => {
      const theirs = await runNodeExporter();
      const ours = await collect(paths);
      expect(ours.map((f) => f.name).sort()).toEqual([...theirs.keys()].sort());
      for (const f of ours) {
        const ref = theirs.get(f.name) as ParsedFamily;
        expect({ name: f.name, type: f.type, help: f.help }).toEqual({
          name: f.name,
          type: ref.type,
          help: ref.help,
        });
      }
      expect(series(ours)).toEqual(
        series([...theirs.values()].map((f) => ({ name: f.name, samples: f.samples }))),
      );
    },
    30_000,
  );

  it('counts a duplicate export once per protocol and reads mountaddr from mountinfo', async () => {
    const families = await collect(paths);
    expect(families).toHaveLength(53);
    const age = families.find((f) => f.name === 'node_mountstats_nfs_age_seconds_total');
    expect(age?.samples).toEqual([
      {
        labels: { export: '192.168.1.1:/srv/test', protocol: 'tcp', mountaddr: '192.168.1.1' },
        value: 13968,
      },
      {
        labels: { export: '192.168.1.1:/srv/test', protocol: 'udp', mountaddr: '192.168.1.1' },
        value: 13968,
      },
    ]);
    const queue = families.find(
      (f) => f.name === 'node_mountstats_nfs_operations_queue_time_seconds_total',
    );
    // 18446743919241604546 ms modulo 2^53, then divided by 1000, as node_exporter does.
    expect(queue?.samples.find((s) => s.labels.operation === 'ACCESS')?.value).toBe(
      9.007044786793922e12,
    );
  });

  it('gives no families where there is no <procfs>/self/mountstats', async () => {
    // The copied tree's proc/self is a plain file.
    expect(
      await collect({ procfs: join(TREE, 'proc'), sysfs: join(TREE, 'sys'), rootfs: TREE }),
    ).toEqual([]);
  });

  it('fails naming the file on a malformed mountstats', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'vigil-mountstats-bad-'));
    try {
      cpSync(join(dir, 'proc/10'), join(bad, 'proc/10'), { recursive: true });
      symlinkSync('10', join(bad, 'proc/self'));
      writeFileSync(
        join(bad, 'proc/10/mountstats'),
        'device 192.168.1.1:/srv/test mounted on /mnt/nfs/test with fstype nfs4 statvers=1.1\n\tbytes:\t1 2 3\n',
      );
      await expect(collect({ ...paths, procfs: join(bad, 'proc') })).rejects.toThrow(
        /mountstats: line 2: bytes/,
      );
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
