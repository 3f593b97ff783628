import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { single } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { parseSysUint } from '../parsers/sys-uint.js';
import { parseSource, readOptional } from './source.js';

/** The files of /sys/kernel/mm/ksm that node_exporter 1.5 reads, and how it exposes each. */
const FILES: ReadonlyArray<{
  file: string;
  metric: string;
  type: 'gauge' | 'counter';
  scale: number;
}> = [
  { file: 'full_scans', metric: 'full_scans_total', type: 'counter', scale: 1 },
  { file: 'merge_across_nodes', metric: 'merge_across_nodes', type: 'gauge', scale: 1 },
  { file: 'pages_shared', metric: 'pages_shared', type: 'gauge', scale: 1 },
  { file: 'pages_sharing', metric: 'pages_sharing', type: 'gauge', scale: 1 },
  { file: 'pages_to_scan', metric: 'pages_to_scan', type: 'gauge', scale: 1 },
  { file: 'pages_unshared', metric: 'pages_unshared', type: 'gauge', scale: 1 },
  { file: 'pages_volatile', metric: 'pages_volatile', type: 'gauge', scale: 1 },
  { file: 'run', metric: 'run', type: 'gauge', scale: 1 },
  // Milliseconds, exposed in seconds (divided, as node_exporter does, for the same float).
  { file: 'sleep_millisecs', metric: 'sleep_seconds', type: 'gauge', scale: 1000 },
];

export const ksmdCollector = defineCollector({
  name: 'ksmd',
  defaultEnabled: false,
  nodeExporter: true,
  description: 'Kernel samepage merging daemon settings and counters (/sys/kernel/mm/ksm).',
  create: ({ paths }) => ({
    async collect() {
      const dir = join(paths.sysfs, 'kernel/mm/ksm');
      const families: MetricFamily[] = [];
      for (const { file, metric, type, scale } of FILES) {
        const path = join(dir, file);
        // A kernel without KSM has no directory; one without NUMA, no merge_across_nodes.
        const text = readOptional(path);
        if (text === null) continue;
        const value = parseSource(path, text, parseSysUint);
        families.push(
          single(
            `node_ksmd_${metric}`,
            `ksmd '${file}' file.`,
            type,
            scale === 1 ? value : value / scale,
          ),
        );
      }
      return families;
    },
  }),
});
