import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { gauge } from '../exposition/family.js';
import { parseSlabinfo, type Slab } from '../parsers/slabinfo.js';
import { parseSource, readOptional } from './source.js';

const COLUMNS: ReadonlyArray<{ field: Exclude<keyof Slab, 'name'>; name: string; help: string }> = [
  {
    field: 'activeObjects',
    name: 'node_slabinfo_active_objects',
    help: 'The number of objects that are currently active (i.e., in use).',
  },
  {
    field: 'objects',
    name: 'node_slabinfo_objects',
    help: 'The total number of allocated objects (i.e., objects that are both in use and not in use).',
  },
  {
    field: 'objectSizeBytes',
    name: 'node_slabinfo_object_size_bytes',
    help: 'The size of objects in this slab, in bytes.',
  },
  {
    field: 'objectsPerSlab',
    name: 'node_slabinfo_objects_per_slab',
    help: 'The number of objects stored in each slab.',
  },
  {
    field: 'pagesPerSlab',
    name: 'node_slabinfo_pages_per_slab',
    help: 'The number of pages allocated for each slab.',
  },
];

export const slabinfoCollector = defineCollector({
  name: 'slabinfo',
  defaultEnabled: false,
  nodeExporter: true,
  description: 'Kernel slab allocator caches (/proc/slabinfo, readable by root only).',
  create: ({ paths }) => ({
    async collect() {
      const path = join(paths.procfs, 'slabinfo');
      const text = readOptional(path);
      if (text === null) return [];
      const families = COLUMNS.map((c) => ({ ...c, family: gauge(c.name, c.help) }));
      const seen = new Set<string>();
      for (const slab of parseSource(path, text, parseSlabinfo)) {
        // Two caches of one name would make duplicate series; the first one wins.
        if (seen.has(slab.name)) continue;
        seen.add(slab.name);
        for (const { field, family } of families) family.add(slab[field], { slab: slab.name });
      }
      return seen.size > 0 ? families.map((f) => f.family.build()) : [];
    },
  }),
});
