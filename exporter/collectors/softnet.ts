import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { counter } from '../exposition/family.js';
import { parseSoftnetStat } from '../parsers/softnet-stat.js';
import { parseSource, readOptional } from './source.js';

export const softnetCollector = defineCollector({
  name: 'softnet',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Per-CPU packet processing counters of the network stack (/proc/net/softnet_stat).',
  create: ({ paths }) => ({
    async collect() {
      const path = join(paths.procfs, 'net/softnet_stat');
      const text = readOptional(path);
      if (text === null) return [];
      const rows = parseSource(path, text, parseSoftnetStat);
      const processed = counter('node_softnet_processed_total', 'Number of processed packets');
      const dropped = counter('node_softnet_dropped_total', 'Number of dropped packets');
      const squeezed = counter(
        'node_softnet_times_squeezed_total',
        'Number of times processing packets ran out of quota',
      );
      for (const row of rows) {
        // node_exporter 1.5 labels a row with its position in the file, not the kernel's CPU id.
        const labels = { cpu: String(row.index) };
        processed.add(row.processed, labels);
        dropped.add(row.dropped, labels);
        squeezed.add(row.timeSqueezed, labels);
      }
      return rows.length === 0 ? [] : [processed.build(), dropped.build(), squeezed.build()];
    },
  }),
});
