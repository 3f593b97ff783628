import { join } from 'node:path';
import * as z from 'zod';
import { pattern } from '../config/fields.js';
import { defineCollector } from '../core/collector.js';
import { FamilySet } from '../exposition/family.js';
import { type NetDevStats, parseNetDev } from '../parsers/net-dev.js';
import { hasProcfs, siNetwork } from './fallback.js';
import { deviceFilter, parseSource, readExtra, readText } from './source.js';

/** Read rx_nohandler from sysfs: /proc/net/dev lacks it, node_exporter's netlink path has it. */
function readNoHandler(sysfs: string, device: string): number | undefined {
  const text = readExtra(join(sysfs, 'class/net', device, 'statistics/rx_nohandler'));
  const value = text === null ? Number.NaN : Number(text.trim());
  return Number.isFinite(value) ? value : undefined;
}

/** The `collectors.netdev:` section: which interfaces are reported. */
export const netdevSection = z
  .strictObject({
    device_exclude: pattern.default(''),
    device_include: pattern.default(''),
  })
  .prefault({});

export type NetdevSettings = z.output<typeof netdevSection>;

export const netdevCollector = defineCollector<NetdevSettings>({
  name: 'netdev',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Network interface counters (/proc/net/dev).',
  section: ['collectors', 'netdev'],
  flags: [
    {
      name: 'device-exclude',
      key: 'device_exclude',
      type: 'pattern',
      default: '',
      help: 'Regexp of net devices to exclude (collectors.netdev.device_exclude).',
    },
    {
      name: 'device-include',
      key: 'device_include',
      type: 'pattern',
      default: '',
      help: 'Regexp of net devices to include; all others are left out (collectors.netdev.device_include).',
    },
  ],
  create: ({ paths, settings }) => ({
    async collect() {
      const { device_include, device_exclude } = settings();
      const keep = deviceFilter(device_include, device_exclude);
      let devices: NetDevStats[];
      if (await hasProcfs(paths.procfs)) {
        const path = join(paths.procfs, 'net/dev');
        devices = parseSource(path, readText(path), parseNetDev).filter((d) => keep(d.device));
        const noHandler = devices.map((d) => readNoHandler(paths.sysfs, d.device));
        devices = devices.map((d, i) => {
          const nh = noHandler[i];
          return nh === undefined
            ? d
            : { device: d.device, stats: new Map([...d.stats, ['receive_nohandler', nh]]) };
        });
      } else {
        devices = (await siNetwork()).filter((d) => keep(d.device));
      }
      const set = new FamilySet();
      for (const { device, stats } of devices) {
        for (const [stat, value] of stats) {
          set
            .get(`node_network_${stat}_total`, `Network device statistic ${stat}.`, 'counter')
            .add(value, { device });
        }
      }
      return set.build();
    },
  }),
});
