import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { single } from '../exposition/family.js';
import { type LoadAverages, parseLoadavg } from '../parsers/loadavg.js';
import { hasProcfs, osLoadavg } from './fallback.js';
import { parseSource, readText } from './source.js';

export const loadavgCollector = defineCollector({
  name: 'loadavg',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Load averages over 1, 5 and 15 minutes (/proc/loadavg).',
  create: ({ paths }) => ({
    async collect() {
      let loads: LoadAverages;
      if (await hasProcfs(paths.procfs)) {
        const path = join(paths.procfs, 'loadavg');
        loads = parseSource(path, readText(path), parseLoadavg);
      } else {
        loads = osLoadavg();
      }
      return [
        single('node_load1', '1m load average.', 'gauge', loads.load1),
        single('node_load5', '5m load average.', 'gauge', loads.load5),
        single('node_load15', '15m load average.', 'gauge', loads.load15),
      ];
    },
  }),
});
