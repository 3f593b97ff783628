import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { counter } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { parseInterrupts } from '../parsers/interrupts.js';
import { parseSource, readOptional } from './source.js';

export const interruptsCollector = defineCollector({
  name: 'interrupts',
  defaultEnabled: false,
  nodeExporter: true,
  description: 'Interrupts serviced per CPU and interrupt source (/proc/interrupts).',
  create: ({ paths }) => ({
    async collect(): Promise<MetricFamily[]> {
      const path = join(paths.procfs, 'interrupts');
      const text = readOptional(path);
      if (text === null) return [];
      const family = counter('node_interrupts_total', 'Interrupt details.');
      for (const { name, info, devices, counts } of parseSource(path, text, parseInterrupts)) {
        counts.forEach((value, cpu) => {
          family.add(value, { cpu: String(cpu), devices, info, type: name });
        });
      }
      return family.size > 0 ? [family.build()] : [];
    },
  }),
});
