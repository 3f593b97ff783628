import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_FS_TYPES_EXCLUDE,
  DEFAULT_MOUNT_POINTS_EXCLUDE,
} from '../../exporter/collectors/filesystem.js';
import { NODE_DEFAULT_COLLECTORS } from '../helpers/collectors.js';
import { type ParsedFamily, parseExposition } from '../helpers/exposition.js';
import { freePort, waitForHttp } from '../helpers/ports.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { findTool } from '../helpers/tools.js';

const nodeExporter = findTool('prometheus-node-exporter', 'node_exporter');

/** node_exporter's own families, which vigil names vigil_* instead. */
const NOT_HOST = /^node_(exporter_build_info|scrape_collector_)/;
/** Instantaneous gauges: two reads a few milliseconds apart legitimately differ. */
const INSTANT =
  /^node_(procs_running|procs_blocked|disk_io_now|sockstat_.*|filefd_allocated|entropy_available_bits|nf_conntrack_entries|udp_queues|arp_entries)$/;

/**
 * node_exporter's collectors that vigil has and that run by default, compared on this host;
 * timex has a test of its own (test/compat/timex.test.ts), and textfile reads a directory
 * that Debian's package sets and upstream leaves empty.
 */
const COMPARED = NODE_DEFAULT_COLLECTORS.filter((c) => c !== 'timex' && c !== 'textfile');

function key(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

/** How far apart two reads of the same source may be, given the time between the scrapes. */
function tolerance(family: ParsedFamily, reference: number, memTotal: number): number {
  const { name } = family;
  if (name === 'node_time_seconds') return 5;
  if (name.startsWith('node_load')) return 0.5;
  if (name.startsWith('node_memory_') && name.endsWith('_bytes')) return 0.02 * memTotal;
  if (/^node_filesystem_(free|avail)_bytes$/.test(name))
    return Math.max(0.01 * reference, 64 << 20);
  if (/^node_filesystem_files_free$/.test(name)) return Math.max(0.01 * reference, 1000);
  // netstat's and vmstat's counters are untyped, as node_exporter exposes them.
  if (family.type === 'counter' || family.type === 'untyped') {
    if (name.includes('bytes') || name.includes('sectors'))
      return Math.max(0.05 * reference, 16 << 20);
    return Math.max(0.05 * reference, 50);
  }
  return 0;
}

describe.skipIf(!nodeExporter)('drop-in compatibility with node_exporter', () => {
  let child: ChildProcess;
  let vigil: TestServer;
  let theirs: Map<string, ParsedFamily>;
  let ours: Map<string, ParsedFamily>;

  beforeAll(async () => {
    const port = await freePort();
    child = spawn(
      nodeExporter as string,
      [
        `--web.listen-address=127.0.0.1:${port}`,
        '--collector.disable-defaults',
        ...COMPARED.map((c) => `--collector.${c}`),
        // Upstream defaults; Debian's package patches some of them.
        `--collector.filesystem.mount-points-exclude=${DEFAULT_MOUNT_POINTS_EXCLUDE}`,
        `--collector.filesystem.fs-types-exclude=${DEFAULT_FS_TYPES_EXCLUDE}`,
        '--collector.netdev.device-exclude=',
      ],
      { stdio: 'ignore' },
    );
    await waitForHttp(`http://127.0.0.1:${port}/metrics`);
    vigil = await startTestServer({ collectors: COMPARED, exporterMetrics: false });
    const [a, b] = await Promise.all([
      fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text()),
      fetch(`${vigil.url}/metrics`).then((r) => r.text()),
    ]);
    theirs = parseExposition(a);
    ours = parseExposition(b);
  });

  afterAll(async () => {
    child?.kill();
    await vigil?.close();
  });

  const hostFamilies = () =>
    [...theirs.values()].filter((f) => f.name.startsWith('node_') && !NOT_HOST.test(f.name));

  it('exposes every host metric family node_exporter has, with the same type', () => {
    expect(hostFamilies().length).toBeGreaterThan(50);
    const missing = hostFamilies()
      .filter((f) => !ours.has(f.name))
      .map((f) => f.name);
    expect(missing).toEqual([]);
    const typeDiffs = hostFamilies()
      .filter((f) => ours.get(f.name)?.type !== f.type)
      .map((f) => `${f.name}: ${f.type} vs ${ours.get(f.name)?.type}`);
    expect(typeDiffs).toEqual([]);
  });

  it('uses the same label names and the same series', () => {
    const diffs: string[] = [];
    for (const f of hostFamilies()) {
      const mine = ours.get(f.name);
      if (!mine) continue;
      const theirKeys = new Set(f.samples.map((s) => key(s.labels)));
      const myKeys = new Set(mine.samples.map((s) => key(s.labels)));
      for (const k of theirKeys) if (!myKeys.has(k)) diffs.push(`${f.name}${k} missing in vigil`);
      for (const k of myKeys) if (!theirKeys.has(k)) diffs.push(`${f.name}${k} extra in vigil`);
    }
    expect(diffs).toEqual([]);
  });

  it('agrees on values (counters and slow gauges within a small tolerance)', () => {
    const memTotal = theirs.get('node_memory_MemTotal_bytes')?.samples[0]?.value ?? 0;
    expect(memTotal).toBeGreaterThan(0);
    const diffs: string[] = [];
    let compared = 0;
    for (const f of hostFamilies()) {
      if (INSTANT.test(f.name)) continue;
      const mine = new Map(ours.get(f.name)?.samples.map((s) => [key(s.labels), s.value]));
      for (const s of f.samples) {
        const v = mine.get(key(s.labels));
        if (v === undefined) continue;
        compared++;
        const allowed = tolerance(f, Math.abs(s.value), memTotal);
        if (Math.abs(v - s.value) > allowed)
          diffs.push(`${f.name}${key(s.labels)}: node_exporter ${s.value}, vigil ${v}`);
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(diffs).toEqual([]);
  });
});
