import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { FamilySet } from '../exposition/family.js';
import { parseZoneinfo, ZONE_FIELDS, type ZoneField } from '../parsers/zoneinfo.js';
import { parseSource, readOptional } from './source.js';

/** node_exporter 1.5's metric, help and type for each /proc/zoneinfo key. */
const METRICS: Record<ZoneField, { name: string; help: string; counter?: true }> = {
  nr_free_pages: { name: 'nr_free_pages', help: 'Total number of free pages in the zone' },
  min: { name: 'min_pages', help: 'Zone watermark pages_min' },
  low: { name: 'low_pages', help: 'Zone watermark pages_low' },
  high: { name: 'high_pages', help: 'Zone watermark pages_high' },
  scanned: { name: 'scanned_pages', help: 'Pages scanned since last reclaim' },
  spanned: { name: 'spanned_pages', help: 'Total pages spanned by the zone, including holes' },
  present: { name: 'present_pages', help: 'Physical pages existing within the zone' },
  managed: { name: 'managed_pages', help: 'Present pages managed by the buddy system' },
  nr_active_anon: {
    name: 'nr_active_anon_pages',
    help: 'Number of anonymous pages recently more used',
  },
  nr_inactive_anon: {
    name: 'nr_inactive_anon_pages',
    help: 'Number of anonymous pages recently less used',
  },
  nr_isolated_anon: {
    name: 'nr_isolated_anon_pages',
    help: 'Temporary isolated pages from anon lru',
  },
  nr_anon_pages: {
    name: 'nr_anon_pages',
    help: 'Number of anonymous pages currently used by the system',
  },
  nr_anon_transparent_hugepages: {
    name: 'nr_anon_transparent_hugepages',
    help: 'Number of anonymous transparent huge pages currently used by the system',
  },
  nr_active_file: {
    name: 'nr_active_file_pages',
    help: 'Number of active pages with file-backing',
  },
  nr_inactive_file: {
    name: 'nr_inactive_file_pages',
    help: 'Number of inactive pages with file-backing',
  },
  nr_isolated_file: {
    name: 'nr_isolated_file_pages',
    help: 'Temporary isolated pages from file lru',
  },
  nr_file_pages: { name: 'nr_file_pages', help: 'Number of file pages' },
  nr_slab_reclaimable: {
    name: 'nr_slab_reclaimable_pages',
    help: 'Number of reclaimable slab pages',
  },
  nr_slab_unreclaimable: {
    name: 'nr_slab_unreclaimable_pages',
    help: 'Number of unreclaimable slab pages',
  },
  nr_mlock_stack: {
    name: 'nr_mlock_stack_pages',
    help: 'mlock()ed pages found and moved off LRU',
  },
  nr_kernel_stack: { name: 'nr_kernel_stacks', help: 'Number of kernel stacks' },
  nr_mapped: { name: 'nr_mapped_pages', help: 'Number of mapped pages' },
  nr_dirty: { name: 'nr_dirty_pages', help: 'Number of dirty pages' },
  nr_writeback: { name: 'nr_writeback_pages', help: 'Number of writeback pages' },
  nr_unevictable: { name: 'nr_unevictable_pages', help: 'Number of unevictable pages' },
  nr_shmem: { name: 'nr_shmem_pages', help: 'Number of shmem pages (included tmpfs/GEM pages)' },
  nr_dirtied: { name: 'nr_dirtied_total', help: 'Page dirtyings since bootup', counter: true },
  nr_written: { name: 'nr_written_total', help: 'Page writings since bootup', counter: true },
  numa_hit: { name: 'numa_hit_total', help: 'Allocated in intended node', counter: true },
  numa_miss: { name: 'numa_miss_total', help: 'Allocated in non intended node', counter: true },
  numa_foreign: {
    name: 'numa_foreign_total',
    help: 'Was intended here, hit elsewhere',
    counter: true,
  },
  numa_interleave: {
    name: 'numa_interleave_total',
    help: 'Interleaver preferred this zone',
    counter: true,
  },
  numa_local: { name: 'numa_local_total', help: 'Allocation from local node', counter: true },
  numa_other: { name: 'numa_other_total', help: 'Allocation from other node', counter: true },
};

export const zoneinfoCollector = defineCollector({
  name: 'zoneinfo',
  defaultEnabled: false,
  nodeExporter: true,
  description: 'Per NUMA node and zone page counts, watermarks and NUMA events (/proc/zoneinfo).',
  create: ({ paths }) => ({
    async collect() {
      const path = join(paths.procfs, 'zoneinfo');
      const text = readOptional(path);
      if (text === null) return [];
      const set = new FamilySet();
      const seen = new Set<string>();
      for (const { node, zone, fields, protection } of parseSource(path, text, parseZoneinfo)) {
        // A zone listed twice would make duplicate series; the first one wins.
        if (seen.has(`${node}/${zone}`)) continue;
        seen.add(`${node}/${zone}`);
        const labels = { node, zone };
        for (const key of ZONE_FIELDS) {
          const value = fields[key];
          if (value === undefined) continue;
          const { name, help, counter } = METRICS[key];
          set.get(`node_zoneinfo_${name}`, help, counter ? 'counter' : 'gauge').add(value, labels);
        }
        protection?.forEach((value, i) => {
          set
            .get(`node_zoneinfo_protection_${i}`, `Protection array ${i}. field`, 'gauge')
            .add(value, labels);
        });
      }
      return set.build();
    },
  }),
});
