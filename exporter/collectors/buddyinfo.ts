import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { gauge } from '../exposition/family.js';
import { parseBuddyinfo } from '../parsers/buddyinfo.js';
import { parseSource, readOptional } from './source.js';

export const buddyinfoCollector = defineCollector({
  name: 'buddyinfo',
  defaultEnabled: false,
  nodeExporter: true,
  description: 'Free memory blocks per NUMA node, zone and order (/proc/buddyinfo).',
  create: ({ paths }) => ({
    async collect() {
      const path = join(paths.procfs, 'buddyinfo');
      const text = readOptional(path);
      if (text === null) return [];
      const blocks = gauge('node_buddyinfo_blocks', 'Count of free blocks according to size.');
      for (const { node, zone, freeBlocks } of parseSource(path, text, parseBuddyinfo))
        freeBlocks.forEach((count, size) => {
          blocks.add(count, { node, size: String(size), zone });
        });
      return blocks.size > 0 ? [blocks.build()] : [];
    },
  }),
});
