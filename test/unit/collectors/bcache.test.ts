import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BcacheSettings, bcacheCollector } from '../../../exporter/collectors/bcache.js';
import type { HostPaths } from '../../../exporter/core/collector.js';
import { normalizeSeries, restoreLink, seriesLines } from '../../helpers/relinked-tree.js';

const TREE = fileURLToPath(new URL('../../fixtures/node-exporter-1.5', import.meta.url));
const UUID = 'deaddd54-c735-46d5-868e-f331c5fd7c74';
const U = `uuid="${UUID}"`;

/**
 * node_exporter 1.5's output (--collector.bcache.priorityStats) on its fixture tree with
 * bdev0 and cache0 as the symlinks they are in node_exporter's sys.ttar.
 */
const EXPECTED = [
  `node_bcache_active_journal_entries{${U}} 1`,
  `node_bcache_average_key_size_sectors{${U}} 0`,
  `node_bcache_btree_cache_size_bytes{${U}} 0`,
  `node_bcache_btree_nodes{${U}} 0`,
  `node_bcache_btree_read_average_duration_seconds{${U}} 1.305e-06`,
  `node_bcache_bypassed_bytes_total{backing_device="bdev0",${U}} 0`,
  `node_bcache_cache_available_percent{${U}} 100`,
  `node_bcache_cache_bypass_hits_total{backing_device="bdev0",${U}} 0`,
  `node_bcache_cache_bypass_misses_total{backing_device="bdev0",${U}} 0`,
  `node_bcache_cache_hits_total{backing_device="bdev0",${U}} 546`,
  `node_bcache_cache_miss_collisions_total{backing_device="bdev0",${U}} 0`,
  `node_bcache_cache_misses_total{backing_device="bdev0",${U}} 0`,
  `node_bcache_cache_read_races_total{${U}} 0`,
  `node_bcache_cache_readaheads_total{backing_device="bdev0",${U}} 0`,
  `node_bcache_congested{${U}} 0`,
  `node_bcache_dirty_data_bytes{backing_device="bdev0",${U}} 0`,
  `node_bcache_dirty_target_bytes{backing_device="bdev0",${U}} 2.189426688e+10`,
  `node_bcache_io_errors{cache_device="cache0",${U}} 0`,
  `node_bcache_metadata_written_bytes_total{cache_device="cache0",${U}} 512`,
  `node_bcache_priority_stats_metadata_percent{cache_device="cache0",${U}} 0`,
  `node_bcache_priority_stats_unused_percent{cache_device="cache0",${U}} 99`,
  `node_bcache_root_usage_percent{${U}} 0`,
  `node_bcache_tree_depth{${U}} 0`,
  `node_bcache_writeback_change{backing_device="bdev0",${U}} 329204`,
  `node_bcache_writeback_rate{backing_device="bdev0",${U}} 1.150976e+06`,
  `node_bcache_writeback_rate_integral_term{backing_device="bdev0",${U}} 808960`,
  `node_bcache_writeback_rate_proportional_term{backing_device="bdev0",${U}} 437748`,
  `node_bcache_written_bytes_total{cache_device="cache0",${U}} 0`,
];

/** `name{labels} value` with labels sorted and the value as a JS number. */

let dir: string;
let paths: HostPaths;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-bcache-'));
  const sys = join(dir, 'sys');
  mkdirSync(join(sys, 'fs'), { recursive: true });
  mkdirSync(join(sys, 'devices'), { recursive: true });
  cpSync(join(TREE, 'sys/fs/bcache'), join(sys, 'fs/bcache'), { recursive: true });
  cpSync(join(TREE, 'sys/devices/pci0000:00'), join(sys, 'devices/pci0000:00'), {
    recursive: true,
  });
  const set = join(sys, 'fs/bcache', UUID);
  for (const name of ['bdev0', 'cache0']) {
    restoreLink(join(set, name));
  }
  paths = { procfs: join(dir, 'proc'), sysfs: sys, rootfs: dir };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const collect = (p: HostPaths, settings: BcacheSettings) =>
  seriesLines(bcacheCollector, p, settings);

describe('bcache collector', () => {
  it("matches node_exporter 1.5's series and values with priority stats", async () => {
    expect(await collect(paths, { priority_stats: true })).toEqual(
      EXPECTED.map(normalizeSeries).sort(),
    );
  });

  it('leaves out the priority stats by default', async () => {
    expect(await collect(paths, { priority_stats: false })).toEqual(
      EXPECTED.filter((l) => !l.includes('priority_stats'))
        .map(normalizeSeries)
        .sort(),
    );
  });

  it('gives no families without /sys/fs/bcache', async () => {
    expect(
      await collect({ ...paths, sysfs: join(dir, 'none') }, { priority_stats: false }),
    ).toEqual([]);
  });

  it('fails, as node_exporter does, when a backing device file is missing', async () => {
    const tree = { procfs: `${TREE}/proc`, sysfs: `${TREE}/sys`, rootfs: TREE };
    await expect(collect(tree, { priority_stats: false })).rejects.toThrow(/dirty_data/);
  });
});
