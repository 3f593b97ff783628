import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { FamilySet, gauge } from '../exposition/family.js';
import { parseInfinibandRate, parseInfinibandState, sysfsUint } from '../parsers/sysfs-class.js';
import { listOptional, parseSource, readOptional, readText } from './source.js';

type Help = readonly [name: string, help: string];

/** counters/<file> and counters_ext/<file> to node_exporter 1.5's families. */
const COUNTERS: Record<string, Help> = {
  link_downed: [
    'link_downed_total',
    'Number of times the link failed to recover from an error state and went down',
  ],
  link_error_recovery: [
    'link_error_recovery_total',
    'Number of times the link successfully recovered from an error state',
  ],
  multicast_rcv_packets: [
    'multicast_packets_received_total',
    'Number of multicast packets received (including errors)',
  ],
  multicast_xmit_packets: [
    'multicast_packets_transmitted_total',
    'Number of multicast packets transmitted (including errors)',
  ],
  port_rcv_constraint_errors: [
    'port_constraint_errors_received_total',
    'Number of packets received on the switch physical port that are discarded',
  ],
  port_xmit_constraint_errors: [
    'port_constraint_errors_transmitted_total',
    'Number of packets not transmitted from the switch physical port',
  ],
  port_rcv_data: ['port_data_received_bytes_total', 'Number of data octets received on all links'],
  port_xmit_data: [
    'port_data_transmitted_bytes_total',
    'Number of data octets transmitted on all links',
  ],
  port_rcv_discards: [
    'port_discards_received_total',
    'Number of inbound packets discarded by the port because the port is down or congested',
  ],
  port_xmit_discards: [
    'port_discards_transmitted_total',
    'Number of outbound packets discarded by the port because the port is down or congested',
  ],
  port_rcv_errors: [
    'port_errors_received_total',
    'Number of packets containing an error that were received on this port',
  ],
  port_rcv_packets: [
    'port_packets_received_total',
    'Number of packets received on all VLs by this port (including errors)',
  ],
  port_xmit_packets: [
    'port_packets_transmitted_total',
    'Number of packets transmitted on all VLs from this port (including errors)',
  ],
  port_xmit_wait: [
    'port_transmit_wait_total',
    'Number of ticks during which the port had data to transmit but no data was sent during the entire tick',
  ],
  unicast_rcv_packets: [
    'unicast_packets_received_total',
    'Number of unicast packets received (including errors)',
  ],
  unicast_xmit_packets: [
    'unicast_packets_transmitted_total',
    'Number of unicast packets transmitted (including errors)',
  ],
};

/** Counters read but not exposed by node_exporter 1.5 (parsed, so malformed text still fails). */
const UNEXPOSED = new Set([
  'excessive_buffer_overrun_errors',
  'local_link_integrity_errors',
  'port_rcv_remote_physical_errors',
  'port_rcv_switch_relay_errors',
  'symbol_error',
  'VL15_dropped',
]);

const LEGACY: Record<string, Help> = {
  port_multicast_rcv_packets: [
    'legacy_multicast_packets_received_total',
    'Number of multicast packets received',
  ],
  port_multicast_xmit_packets: [
    'legacy_multicast_packets_transmitted_total',
    'Number of multicast packets transmitted',
  ],
  port_rcv_data_64: [
    'legacy_data_received_bytes_total',
    'Number of data octets received on all links',
  ],
  port_rcv_packets_64: [
    'legacy_packets_received_total',
    'Number of data packets received on all links',
  ],
  port_unicast_rcv_packets: [
    'legacy_unicast_packets_received_total',
    'Number of unicast packets received',
  ],
  port_unicast_xmit_packets: [
    'legacy_unicast_packets_transmitted_total',
    'Number of unicast packets transmitted',
  ],
  port_xmit_data_64: [
    'legacy_data_transmitted_bytes_total',
    'Number of data octets transmitted on all links',
  ],
  port_xmit_packets_64: [
    'legacy_packets_transmitted_total',
    'Number of data packets received on all links',
  ],
};

/** Data counters count 32-bit words per lane; procfs multiplies them by 4 to get octets. */
const TIMES_FOUR = new Set([
  'port_rcv_data',
  'port_xmit_data',
  'port_rcv_data_64',
  'port_xmit_data_64',
]);

/** Regular files of a directory; null when it does not exist. */
function listFiles(dir: string): string[] | null {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** A sysfs attribute as procfs reads it (trimmed); null when unreadable in the ways it skips. */
function readAttribute(path: string): string | null {
  try {
    return readText(path).trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EOPNOTSUPP' || code === 'EINVAL')
      return null;
    throw err;
  }
}

/** Read one counters directory into [family, help, value]s. */
function readCounters(dir: string, table: Record<string, Help>): Array<[Help, number]> {
  const out: Array<[Help, number]> = [];
  for (const file of listFiles(dir) ?? []) {
    const help = table[file];
    if (!help && !UNEXPOSED.has(file)) continue;
    const text = readAttribute(join(dir, file));
    if (text === null) continue;
    const value = sysfsUint(text);
    if (value === null) {
      // Some drivers write "N/A (no PMA)" for counters they do not have.
      if (text.includes('N/A (no PMA)')) continue;
      throw new Error(`${join(dir, file)}: expected an unsigned integer, got "${text}"`);
    }
    if (help)
      out.push([
        help,
        TIMES_FOUR.has(file) ? Number(BigInt.asUintN(64, BigInt(value) * 4n)) : value,
      ]);
  }
  return out;
}

export const infinibandCollector = defineCollector({
  name: 'infiniband',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'InfiniBand port state, rate and counters (/sys/class/infiniband).',
  create: ({ paths }) => ({
    async collect() {
      const classDir = join(paths.sysfs, 'class/infiniband');
      const devices = listOptional(classDir);
      if (devices === null) return [];
      const set = new FamilySet();
      const info = gauge(
        'node_infiniband_info',
        'Non-numeric data from /sys/class/infiniband/<device>, value is always 1.',
      );
      const metric = (name: string, help: string, type: 'counter' | 'gauge') =>
        set.get(`node_infiniband_${name}`, help, type);
      for (const device of devices) {
        const dir = join(classDir, device);
        const firmware = readText(join(dir, 'fw_ver')).trim();
        const board = readOptional(join(dir, 'board_id'))?.trim() ?? '';
        const hca = readOptional(join(dir, 'hca_type'))?.trim() ?? '';
        info.add(1, { device, board_id: board, firmware_version: firmware, hca_type: hca });
        for (const port of readdirSync(join(dir, 'ports')).sort()) {
          const portDir = join(dir, 'ports', port);
          if (!/^[0-9]+$/.test(port) || BigInt(port) >= 2n ** 32n)
            throw new Error(`${portDir}: not a port number`);
          const labels = { device, port: String(BigInt(port)) };
          const statePath = join(portDir, 'state');
          const state = parseSource(statePath, readText(statePath), parseInfinibandState);
          const physPath = join(portDir, 'phys_state');
          const phys = parseSource(physPath, readText(physPath), parseInfinibandState);
          const ratePath = join(portDir, 'rate');
          const rate = parseSource(ratePath, readText(ratePath), parseInfinibandRate);
          metric(
            'state_id',
            'State of the InfiniBand port (0: no change, 1: down, 2: init, 3: armed, 4: active, 5: act defer)',
            'gauge',
          ).add(state.id, labels);
          metric(
            'physical_state_id',
            'Physical state of the InfiniBand port (0: no change, 1: sleep, 2: polling, 3: disable, 4: shift, 5: link up, 6: link error recover, 7: phytest)',
            'gauge',
          ).add(phys.id, labels);
          metric('rate_bytes_per_second', 'Maximum signal transfer rate', 'gauge').add(
            rate,
            labels,
          );
          for (const [[name, help], value] of [
            ...readCounters(join(portDir, 'counters'), COUNTERS),
            ...readCounters(join(portDir, 'counters_ext'), LEGACY),
          ])
            metric(name, help, 'counter').add(value, labels);
        }
      }
      const families = set.build();
      if (info.size > 0) families.push(info.build());
      return families;
    },
  }),
});
