import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { single } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { parsePressure } from '../parsers/pressure.js';
import { parseSource, readOptional } from './source.js';

const RESOURCES = {
  cpu: {
    some: 'Total time in seconds that processes have waited for CPU time',
    full: 'Total time in seconds no process could make progress due to CPU congestion',
  },
  io: {
    some: 'Total time in seconds that processes have waited due to IO congestion',
    full: 'Total time in seconds no process could make progress due to IO congestion',
  },
  memory: {
    some: 'Total time in seconds that processes have waited for memory',
    full: 'Total time in seconds no process could make progress due to memory congestion',
  },
} as const;

export const pressureCollector = defineCollector({
  name: 'pressure',
  defaultEnabled: true,
  nodeExporter: true,
  description:
    'Pressure stall information for CPU, I/O and memory (/proc/pressure), where the kernel has it.',
  create: ({ paths }) => ({
    async collect() {
      const families: MetricFamily[] = [];
      for (const [resource, help] of Object.entries(RESOURCES)) {
        const path = join(paths.procfs, 'pressure', resource);
        // Absent before Linux 4.20, and unreadable (EOPNOTSUPP) when booted with psi=0.
        const text = readOptional(path);
        if (text === null) continue;
        const psi = parseSource(path, text, parsePressure);
        for (const kind of ['some', 'full'] as const) {
          const line = psi[kind];
          if (!line) continue;
          const name = `node_pressure_${resource}_${kind === 'some' ? 'waiting' : 'stalled'}_seconds_total`;
          // Microseconds, divided as node_exporter divides them, so the floats are identical.
          families.push(single(name, help[kind], 'counter', line.total / 1000 / 1000));
        }
      }
      return families;
    },
  }),
});
