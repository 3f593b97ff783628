import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { gauge } from '../exposition/family.js';
import { listOptional, readText } from './source.js';

export const nvmeCollector = defineCollector({
  name: 'nvme',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'NVMe controller facts: model, serial, firmware, state (/sys/class/nvme).',
  create: ({ paths }) => ({
    async collect() {
      const classDir = join(paths.sysfs, 'class/nvme');
      const devices = listOptional(classDir);
      if (devices === null) return [];
      const info = gauge(
        'node_nvme_info',
        'Non-numeric data from /sys/class/nvme/<device>, value is always 1.',
      );
      for (const device of devices) {
        const attr = (file: string) => readText(join(classDir, device, file)).trim();
        info.add(1, {
          device,
          firmware_revision: attr('firmware_rev'),
          model: attr('model'),
          serial: attr('serial'),
          state: attr('state'),
        });
      }
      return info.size > 0 ? [info.build()] : [];
    },
  }),
});
