import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { pattern } from '../config/fields.js';
import { defineCollector, isAbsent } from '../core/collector.js';
import { FamilySet, gauge } from '../exposition/family.js';
import { readExtra } from './source.js';

/** The `collectors.netclass:` section, with node_exporter 1.5's defaults. */
export const netclassSection = z
  .strictObject({
    ignored_devices: pattern.default('^$'),
    /** Leave out node_network_speed_bytes where the kernel reports the speed as unknown (-1). */
    ignore_invalid_speed: z.boolean().default(false),
  })
  .prefault({});

export type NetclassSettings = z.output<typeof netclassSection>;

/** A device directory (sysfs links each one); bonding_masters and other files are not devices. */
function isDeviceDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** /sys/class/net/<device>/<file> → metric, as node_exporter 1.5's netclass collector names them. */
const NUMERIC: ReadonlyArray<{
  file: string;
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  scale?: number;
}> = [
  {
    file: 'addr_assign_type',
    name: 'node_network_address_assign_type',
    help: 'Network device property: address_assign_type',
    type: 'gauge',
  },
  {
    file: 'carrier',
    name: 'node_network_carrier',
    help: 'Network device property: carrier',
    type: 'gauge',
  },
  {
    file: 'carrier_changes',
    name: 'node_network_carrier_changes_total',
    help: 'Network device property: carrier_changes_total',
    type: 'counter',
  },
  {
    file: 'carrier_up_count',
    name: 'node_network_carrier_up_changes_total',
    help: 'Network device property: carrier_up_changes_total',
    type: 'counter',
  },
  {
    file: 'carrier_down_count',
    name: 'node_network_carrier_down_changes_total',
    help: 'Network device property: carrier_down_changes_total',
    type: 'counter',
  },
  {
    file: 'dev_id',
    name: 'node_network_device_id',
    help: 'Network device property: device_id',
    type: 'gauge',
  },
  {
    file: 'dormant',
    name: 'node_network_dormant',
    help: 'Network device property: dormant',
    type: 'gauge',
  },
  {
    file: 'flags',
    name: 'node_network_flags',
    help: 'Network device property: flags',
    type: 'gauge',
  },
  {
    file: 'ifindex',
    name: 'node_network_iface_id',
    help: 'Network device property: iface_id',
    type: 'gauge',
  },
  {
    file: 'iflink',
    name: 'node_network_iface_link',
    help: 'Network device property: iface_link',
    type: 'gauge',
  },
  {
    file: 'link_mode',
    name: 'node_network_iface_link_mode',
    help: 'Network device property: iface_link_mode',
    type: 'gauge',
  },
  {
    file: 'mtu',
    name: 'node_network_mtu_bytes',
    help: 'Network device property: mtu_bytes',
    type: 'gauge',
  },
  {
    file: 'name_assign_type',
    name: 'node_network_name_assign_type',
    help: 'Network device property: name_assign_type',
    type: 'gauge',
  },
  {
    file: 'netdev_group',
    name: 'node_network_net_dev_group',
    help: 'Network device property: net_dev_group',
    type: 'gauge',
  },
  // Mbit/s in sysfs; -1 (unknown) stays negative, as node_exporter reports it.
  {
    file: 'speed',
    name: 'node_network_speed_bytes',
    help: 'Network device property: speed_bytes',
    type: 'gauge',
    scale: 125_000,
  },
  {
    file: 'tx_queue_len',
    name: 'node_network_transmit_queue_length',
    help: 'Network device property: transmit_queue_length',
    type: 'gauge',
  },
  {
    file: 'type',
    name: 'node_network_protocol_type',
    help: 'Network device property: protocol_type',
    type: 'gauge',
  },
];

/**
 * A device's attribute file, read as text. The directory is joined once per device; its
 * attributes are appended to it, since path.join normalises anew at each of a hundred calls.
 */
function attribute(dir: string, file: string): string | undefined {
  return readExtra(`${dir}/${file}`)?.trim();
}

/** A sysfs attribute as a number ("0x1003" is hex); undefined when absent or unreadable. */
function numberAt(dir: string, file: string): number | undefined {
  const text = attribute(dir, file);
  if (text === undefined || text === '') return undefined;
  const value = text.startsWith('0x') ? Number.parseInt(text, 16) : Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export const netclassCollector = defineCollector<NetclassSettings>({
  name: 'netclass',
  defaultEnabled: true,
  nodeExporter: true,
  description:
    'Network interface state, speed and MTU from /sys/class/net (node_network_up, node_network_info).',
  section: ['collectors', 'netclass'],
  flags: [
    {
      name: 'ignored-devices',
      key: 'ignored_devices',
      type: 'pattern',
      default: '^$',
      help: 'Regexp of net devices to ignore for netclass collector (collectors.netclass.ignored_devices).',
    },
    {
      name: 'ignore-invalid-speed',
      key: 'ignore_invalid_speed',
      type: 'boolean',
      default: false,
      help: 'Ignore devices where the speed is invalid (collectors.netclass.ignore_invalid_speed).',
    },
  ],
  create: ({ paths, settings }) => ({
    async collect() {
      const base = join(paths.sysfs, 'class/net');
      const { ignored_devices, ignore_invalid_speed } = settings();
      const ignored = new RegExp(ignored_devices);
      let devices: string[];
      try {
        devices = readdirSync(base)
          .filter((d) => !ignored.test(d) && isDeviceDir(`${base}/${d}`))
          .sort();
      } catch (err) {
        if (isAbsent(err)) return [];
        throw err;
      }
      const set = new FamilySet();
      const info = gauge(
        'node_network_info',
        'Non-numeric data from /sys/class/net/<iface>, value is always 1.',
      );
      const up = gauge('node_network_up', "Value is 1 if operstate is 'up', 0 otherwise.");
      for (const device of devices) {
        const dir = join(base, device);
        const text = (file: string) => attribute(dir, file) ?? '';
        const operstate = text('operstate');
        info.add(1, {
          address: text('address'),
          broadcast: text('broadcast'),
          device,
          duplex: text('duplex'),
          ifalias: text('ifalias'),
          operstate,
        });
        up.add(operstate === 'up' ? 1 : 0, { device });
        for (const attr of NUMERIC) {
          const value = numberAt(dir, attr.file);
          if (attr.file === 'speed' && ignore_invalid_speed && value !== undefined && value < 0)
            continue;
          if (value !== undefined)
            set.get(attr.name, attr.help, attr.type).add(value * (attr.scale ?? 1), { device });
        }
      }
      return [...set.build(), info.build(), up.build()].filter((f) => f.samples.length > 0);
    },
  }),
});
