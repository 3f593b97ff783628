/**
 * The timex collector on this live machine: node_exporter 1.5 and vigil both call adjtimex(2)
 * and must expose the same node_timex_* families, types, HELP, labels and values. It cannot
 * run on the fixture tree (the kernel's clock state is no file; node_exporter's own end-to-end
 * test leaves timex out too).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParsedFamily, parseExposition } from '../helpers/exposition.js';
import { freePort, waitForHttp } from '../helpers/ports.js';
import { type RunningVigil, startVigil } from '../helpers/process.js';
import { findTool } from '../helpers/tools.js';

const nodeExporter =
  process.platform === 'linux' ? findTool('prometheus-node-exporter', 'node_exporter') : null;

const FLAGS = ['--collector.disable-defaults', '--collector.timex'];

/** State the kernel keeps until an NTP daemon or an administrator changes it: equal. */
const EXACT = new Set([
  'node_timex_sync_status',
  'node_timex_status',
  'node_timex_loop_time_constant',
  'node_timex_tick_seconds',
  'node_timex_tai_offset_seconds',
  'node_timex_pps_shift_seconds',
]);

/**
 * How far apart two reads a few milliseconds apart may be for the values the kernel moves on
 * its own. Far below a unit mistake (µs read as ns is a factor of 1000).
 */
function tolerance(name: string, reference: number): number {
  if (EXACT.has(name)) return 0;
  const relative = Math.abs(reference);
  switch (name) {
    // The PLL slews the offset away continuously.
    case 'node_timex_offset_seconds':
      return 0.001 + 0.2 * relative;
    // Steered by the NTP daemon at its updates, in steps of a fraction of a ppm.
    case 'node_timex_frequency_adjustment_ratio':
      return 1e-6;
    // maxerror grows by 500 µs each second between updates; esterror moves at updates.
    case 'node_timex_maxerror_seconds':
    case 'node_timex_estimated_error_seconds':
      return 0.002 + 0.05 * relative;
    // Counters of a PPS source, if one is attached.
    case 'node_timex_pps_jitter_total':
    case 'node_timex_pps_calibration_total':
    case 'node_timex_pps_error_total':
    case 'node_timex_pps_stability_exceeded_total':
      return 1;
    default:
      // pps_frequency_hertz, pps_jitter_seconds, pps_stability_hertz: 0 without PPS.
      return 1e-9 + 0.1 * relative;
  }
}

const key = (labels: Record<string, string>) =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

function timexFamilies(text: string): Map<string, ParsedFamily> {
  return new Map([...parseExposition(text)].filter(([name]) => name.startsWith('node_timex_')));
}

/** Every difference between node_exporter's node_timex_* families and vigil's, one per line. */
function differences(theirs: Map<string, ParsedFamily>, ours: Map<string, ParsedFamily>): string[] {
  const out: string[] = [];
  for (const name of ours.keys()) if (!theirs.has(name)) out.push(`extra family ${name}`);
  for (const [name, family] of theirs) {
    const mine = ours.get(name);
    if (!mine) {
      out.push(`missing family ${name}`);
      continue;
    }
    if (mine.type !== family.type) out.push(`${name}: type ${mine.type}, expected ${family.type}`);
    if (mine.help !== family.help)
      out.push(`${name}: HELP "${mine.help}", expected "${family.help}"`);
    const values = new Map(mine.samples.map((s) => [`${s.name}${key(s.labels)}`, s.value]));
    for (const s of family.samples) {
      const id = `${s.name}${key(s.labels)}`;
      const v = values.get(id);
      const allowed = tolerance(name, s.value);
      if (v === undefined) out.push(`missing ${id}`);
      else if (!(Math.abs(v - s.value) <= allowed))
        out.push(`${id}: ${v}, expected ${s.value}${allowed ? ` ± ${allowed}` : ''}`);
      values.delete(id);
    }
    for (const id of values.keys()) out.push(`extra ${id}`);
  }
  return out;
}

const collectorSuccess = (text: string, family: string) =>
  parseExposition(text)
    .get(family)
    ?.samples.find((s) => s.labels.collector === 'timex')?.value;

describe.skipIf(!nodeExporter)('timex on the live kernel, node_exporter 1.5 and vigil', () => {
  let child: ReturnType<typeof spawn> | undefined;
  let theirsUrl: string;
  let vigil: RunningVigil | undefined;

  beforeAll(async () => {
    const port = await freePort();
    child = spawn(nodeExporter as string, [...FLAGS, `--web.listen-address=127.0.0.1:${port}`], {
      stdio: 'ignore',
    });
    theirsUrl = `http://127.0.0.1:${port}/metrics`;
    await waitForHttp(theirsUrl);
    vigil = await startVigil(FLAGS);
  }, 60_000);

  afterAll(async () => {
    child?.kill();
    await vigil?.stop();
  });

  /** Both scraped at once. */
  const scrapeBoth = () =>
    Promise.all([
      fetch(theirsUrl).then((r) => r.text()),
      fetch(`${vigil?.url}/metrics`).then((r) => r.text()),
    ]);

  it('both collect successfully', async () => {
    const [theirs, ours] = await scrapeBoth();
    expect(collectorSuccess(theirs, 'node_scrape_collector_success')).toBe(1);
    expect(collectorSuccess(ours, 'vigil_scrape_collector_success')).toBe(1);
    expect(collectorSuccess(ours, 'node_scrape_collector_success')).toBe(1);
  });

  it('the same families, types, HELP, labels, and values (the moving ones within tolerance)', async () => {
    // An NTP update landing between the two reads can move maxerror or the offset past any
    // tolerance: a real mismatch shows at every attempt, that race not three times running.
    let diffs: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const [theirs, ours] = await scrapeBoth();
      const reference = timexFamilies(theirs);
      expect(reference.size, 'node_exporter exposes no node_timex_* family').toBe(17);
      diffs = differences(reference, timexFamilies(ours));
      if (diffs.length === 0) break;
    }
    expect(diffs).toEqual([]);
  });

  it('logs no error from the collector', () => {
    expect(vigil?.log()).not.toMatch(/level=(warn|error).*collector=timex/);
  });
});
