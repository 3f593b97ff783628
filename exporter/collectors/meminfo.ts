import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { single } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { parseMeminfo } from '../parsers/meminfo.js';
import { hasProcfs, siMemory } from './fallback.js';
import { parseSource, readText } from './source.js';

function memoryFamily(key: string, bytes: boolean, value: number): MetricFamily {
  const name = `node_memory_${key}${bytes ? '_bytes' : ''}`;
  return single(name, `Memory information field ${key}${bytes ? '_bytes' : ''}.`, 'gauge', value);
}

export const meminfoCollector = defineCollector({
  name: 'meminfo',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Memory statistics, one gauge per /proc/meminfo field.',
  create: ({ paths }) => ({
    async collect() {
      if (!(await hasProcfs(paths.procfs))) {
        return (await siMemory()).map(({ key, value }) => memoryFamily(key, true, value));
      }
      const path = join(paths.procfs, 'meminfo');
      const fields = parseSource(path, readText(path), parseMeminfo);
      const seen = new Set<string>();
      const families: MetricFamily[] = [];
      for (const { key, value, bytes } of fields) {
        // A repeated key would make a duplicate series; the first one wins.
        if (seen.has(key)) continue;
        seen.add(key);
        families.push(memoryFamily(key, bytes, value));
      }
      return families;
    },
  }),
});
