import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { single } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { parseSysUint } from '../parsers/sys-uint.js';
import { parseSource, readOptional } from './source.js';

/** Files of /proc/sys/kernel/random that node_exporter 1.5 reads (through procfs) and checks. */
const CHECKED = ['urandom_min_reseed_secs', 'write_wakeup_threshold', 'read_wakeup_threshold'];

export const entropyCollector = defineCollector({
  name: 'entropy',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Available entropy and pool size of the kernel random number generator.',
  create: ({ paths }) => ({
    async collect() {
      const dir = join(paths.procfs, 'sys/kernel/random');
      const read = (file: string): number | null => {
        const path = join(dir, file);
        const text = readOptional(path);
        return text === null ? null : parseSource(path, text, parseSysUint);
      };
      const available = read('entropy_avail');
      const poolSize = read('poolsize');
      // node_exporter fails on a malformed one of these even though it exposes none of them.
      for (const file of CHECKED) read(file);
      const families: MetricFamily[] = [];
      if (available === null) return families;
      families.push(
        single('node_entropy_available_bits', 'Bits of available entropy.', 'gauge', available),
      );
      if (poolSize !== null)
        families.push(
          single('node_entropy_pool_size_bits', 'Bits of entropy pool.', 'gauge', poolSize),
        );
      return families;
    },
  }),
});
