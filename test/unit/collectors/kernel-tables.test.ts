import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buddyinfoCollector } from '../../../exporter/collectors/buddyinfo.js';
import { cgroupsCollector } from '../../../exporter/collectors/cgroups.js';
import { lnstatCollector } from '../../../exporter/collectors/lnstat.js';
import { meminfoNumaCollector } from '../../../exporter/collectors/meminfo-numa.js';
import { slabinfoCollector } from '../../../exporter/collectors/slabinfo.js';
import { zoneinfoCollector } from '../../../exporter/collectors/zoneinfo.js';
import type { CollectorDefinition, HostPaths } from '../../../exporter/core/collector.js';
import { collectorContext } from '../../helpers/collectors.js';

const TREE = new URL('../../fixtures/node-exporter-1.5/', import.meta.url).pathname;
const empty = mkdtempSync(join(tmpdir(), 'vigil-empty-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

const COLLECTORS = [
  buddyinfoCollector,
  cgroupsCollector,
  lnstatCollector,
  meminfoNumaCollector,
  slabinfoCollector,
  zoneinfoCollector,
] as CollectorDefinition[];

function collect(definition: CollectorDefinition, paths: HostPaths) {
  return definition
    .create(collectorContext(paths, () => undefined))
    .collect(new AbortController().signal);
}

describe('off-by-default kernel table collectors', () => {
  it.each(COLLECTORS.map((c) => [c.name, c] as const))(
    '%s is off by default, as in node_exporter 1.5, and exposes nothing where its source is absent',
    async (_name, definition) => {
      expect(definition.defaultEnabled).toBe(false);
      expect(await collect(definition, { procfs: empty, sysfs: empty, rootfs: empty })).toEqual([]);
    },
  );

  it('labels per-node meminfo with the node its lines name and numastat with its directory', async () => {
    const families = await collect(meminfoNumaCollector as CollectorDefinition, {
      procfs: join(TREE, 'proc'),
      sysfs: join(TREE, 'sys'),
      rootfs: TREE,
    });
    const total = families.find((f) => f.name === 'node_memory_numa_MemTotal');
    expect(total?.type).toBe('gauge');
    expect(total?.samples.map((s) => s.labels.node)).toEqual(['0', '1', '2']);
    const hit = families.find((f) => f.name === 'node_memory_numa_numa_hit_total');
    expect(hit?.type).toBe('counter');
    expect(hit?.samples[0]).toEqual({ labels: { node: '0' }, value: 193460335812 });
  });
});
