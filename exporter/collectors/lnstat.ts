import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { FamilySet } from '../exposition/family.js';
import { parseNetStat } from '../parsers/net-stat.js';
import { listOptional, parseSource, readText } from './source.js';

/** The tables in /proc/net/stat (arp_cache, ndisc_cache, nf_conntrack, ...), sorted; [] if absent. */
function tables(dir: string): string[] {
  return listOptional(dir) ?? [];
}

export const lnstatCollector = defineCollector({
  name: 'lnstat',
  defaultEnabled: false,
  nodeExporter: true,
  description: 'Per-CPU network cache statistics (/proc/net/stat/*), as lnstat shows them.',
  create: ({ paths }) => ({
    async collect() {
      const dir = join(paths.procfs, 'net/stat');
      const set = new FamilySet();
      for (const subsystem of tables(dir)) {
        const path = join(dir, subsystem);
        for (const { name, values } of parseSource(path, readText(path), parseNetStat)) {
          const family = set.get(
            `node_lnstat_${name}_total`,
            'linux network cache stats',
            'counter',
          );
          values.forEach((value, cpu) => {
            family.add(value, { cpu: String(cpu), subsystem });
          });
        }
      }
      return set.build();
    },
  }),
});
