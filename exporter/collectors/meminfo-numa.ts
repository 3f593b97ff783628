import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineCollector, isAbsent } from '../core/collector.js';
import { FamilySet } from '../exposition/family.js';
import { parseNodeMeminfo, parseNumastat } from '../parsers/node-meminfo.js';
import { parseSource, readText } from './source.js';

/** The node<N> directories of /sys/devices/system/node; [] on a kernel without NUMA sysfs. */
function nodeDirs(dir: string): Array<{ entry: string; node: string }> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (err) {
    if (isAbsent(err)) return [];
    throw err;
  }
  return entries.sort().flatMap((entry) => {
    const m = /^node([0-9]+)/.exec(entry);
    return m ? [{ entry, node: m[1] as string }] : [];
  });
}

export const meminfoNumaCollector = defineCollector({
  name: 'meminfo_numa',
  defaultEnabled: false,
  nodeExporter: true,
  description:
    'Memory statistics per NUMA node (/sys/devices/system/node/node*/meminfo and numastat).',
  create: ({ paths }) => ({
    async collect() {
      const dir = join(paths.sysfs, 'devices/system/node');
      const set = new FamilySet();
      const seen = new Set<string>();
      const add = (key: string, type: 'gauge' | 'counter', value: number, node: string) => {
        // A key repeated for one node would make a duplicate series; the first one wins.
        if (seen.has(`${key}/${node}`)) return;
        seen.add(`${key}/${node}`);
        set
          .get(`node_memory_numa_${key}`, `Memory information field ${key}.`, type)
          .add(value, { node });
      };
      for (const { entry, node } of nodeDirs(dir)) {
        const meminfo = join(dir, entry, 'meminfo');
        // The meminfo lines name their node themselves, and node_exporter labels them so.
        for (const f of parseSource(meminfo, readText(meminfo), parseNodeMeminfo))
          add(f.key, 'gauge', f.value, f.node);
        const numastat = join(dir, entry, 'numastat');
        for (const f of parseSource(numastat, readText(numastat), parseNumastat))
          add(`${f.key}_total`, 'counter', f.value, node);
      }
      return set.build();
    },
  }),
});
