import { join } from 'node:path';
import * as z from 'zod';
import { pattern } from '../config/fields.js';
import { defineCollector } from '../core/collector.js';
import { gauge } from '../exposition/family.js';
import { parseArp } from '../parsers/arp.js';
import { deviceFilter, parseSource, readOptional } from './source.js';

/** The `collectors.arp:` section: which devices are reported (none filtered by default). */
export const arpSection = z
  .strictObject({
    device_include: pattern.default(''),
    device_exclude: pattern.default(''),
  })
  .prefault({});

export type ArpSettings = z.output<typeof arpSection>;

export const arpCollector = defineCollector<ArpSettings>({
  name: 'arp',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'ARP (IPv4 neighbour) table entries per device (/proc/net/arp).',
  section: ['collectors', 'arp'],
  flags: [
    {
      name: 'device-include',
      key: 'device_include',
      type: 'pattern',
      default: '',
      help: 'Regexp of arp devices to include; all others are left out (collectors.arp.device_include).',
    },
    {
      name: 'device-exclude',
      key: 'device_exclude',
      type: 'pattern',
      default: '',
      help: 'Regexp of arp devices to exclude (collectors.arp.device_exclude).',
    },
  ],
  create: ({ paths, settings }) => ({
    async collect() {
      const path = join(paths.procfs, 'net/arp');
      const text = readOptional(path);
      if (text === null) return [];
      const { device_include, device_exclude } = settings();
      const keep = deviceFilter(device_include, device_exclude);
      const counts = new Map<string, number>();
      for (const { device } of parseSource(path, text, parseArp))
        counts.set(device, (counts.get(device) ?? 0) + 1);
      const entries = gauge('node_arp_entries', 'ARP entries by device');
      for (const [device, n] of counts) if (keep(device)) entries.add(n, { device });
      return entries.size === 0 ? [] : [entries.build()];
    },
  }),
});
