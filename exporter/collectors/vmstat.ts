import { join } from 'node:path';
import * as z from 'zod';
import { pattern } from '../config/fields.js';
import { defineCollector } from '../core/collector.js';
import { single } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { parseVmstat } from '../parsers/vmstat.js';
import { parseSource, readOptional } from './source.js';

/** node_exporter 1.5's --collector.vmstat.fields default: paging, swapping, faults, OOM kills. */
export const DEFAULT_VMSTAT_FIELDS = '^(oom_kill|pgpg|pswp|pg.*fault).*';

/** The `collectors.vmstat:` section: which /proc/vmstat fields are exposed. */
export const vmstatSection = z
  .strictObject({
    fields: pattern.default(DEFAULT_VMSTAT_FIELDS),
  })
  .prefault({});

export type VmstatSettings = z.output<typeof vmstatSection>;

export const vmstatCollector = defineCollector<VmstatSettings>({
  name: 'vmstat',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Virtual memory counters from /proc/vmstat, the fields matching a pattern.',
  section: ['collectors', 'vmstat'],
  flags: [
    {
      name: 'fields',
      key: 'fields',
      type: 'pattern',
      default: DEFAULT_VMSTAT_FIELDS,
      help: 'Regexp of fields to return for vmstat collector (collectors.vmstat.fields).',
    },
  ],
  create: ({ paths, settings }) => ({
    async collect() {
      const path = join(paths.procfs, 'vmstat');
      const text = readOptional(path);
      if (text === null) return [];
      const fields = parseSource(path, text, parseVmstat);
      // Unanchored, as Go's MatchString: the default pattern anchors itself.
      const keep = new RegExp(settings().fields);
      const seen = new Set<string>();
      const families: MetricFamily[] = [];
      for (const { key, value } of fields) {
        // A repeated field would make a duplicate series; node_exporter keeps the first.
        if (!keep.test(key) || seen.has(key)) continue;
        seen.add(key);
        families.push(
          single(`node_vmstat_${key}`, `/proc/vmstat information field ${key}.`, 'untyped', value),
        );
      }
      return families;
    },
  }),
});
