import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { FamilySet, gauge } from '../exposition/family.js';
import { parseSysfsUint } from '../parsers/sysfs-class.js';
import { listOptional, parseSource, readOptional } from './source.js';

/** statistics/<file> to node_exporter 1.5's families (without node_fibrechannel_). */
const COUNTERS: ReadonlyArray<readonly [file: string, name: string, help: string]> = [
  ['error_frames', 'error_frames_total', 'Number of errors in frames'],
  ['fcp_packet_aborts', 'fcp_packet_aborts_total', 'Number of aborted packets'],
  ['invalid_crc_count', 'invalid_crc_total', 'Invalid Cyclic Redundancy Check count'],
  [
    'invalid_tx_word_count',
    'invalid_tx_words_total',
    'Number of invalid words transmitted by host port',
  ],
  ['link_failure_count', 'link_failure_total', 'Number of times the host port link has failed'],
  ['loss_of_signal_count', 'loss_of_signal_total', 'Number of times signal has been lost'],
  [
    'loss_of_sync_count',
    'loss_of_sync_total',
    'Number of failures on either bit or transmission word boundaries',
  ],
  ['nos_count', 'nos_total', 'Number Not_Operational Primitive Sequence received by host port'],
  ['rx_frames', 'rx_frames_total', 'Number of frames received'],
  ['rx_words', 'rx_words_total', 'Number of words received by host port'],
  [
    'seconds_since_last_reset',
    'seconds_since_last_reset_total',
    'Number of seconds since last host port reset',
  ],
  ['tx_frames', 'tx_frames_total', 'Number of frames transmitted by host port'],
  ['tx_words', 'tx_words_total', 'Number of words transmitted by host port'],
];

/** Attributes that become labels of node_fibrechannel_info; `0x` is cut from the hex ones. */
const INFO: ReadonlyArray<readonly [file: string, label: string, hex: boolean]> = [
  ['speed', 'speed', false],
  ['port_state', 'port_state', false],
  ['port_type', 'port_type', false],
  ['symbolic_name', 'symbolic_name', false],
  ['port_id', 'port_id', true],
  ['port_name', 'port_name', true],
  ['fabric_name', 'fabric_name', true],
  ['dev_loss_tmo', 'dev_loss_tmo', false],
  ['supported_classes', 'supported_classes', false],
  ['supported_speeds', 'supported_speeds', false],
];

export const fibrechannelCollector = defineCollector({
  name: 'fibrechannel',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Fibre Channel host facts and counters (/sys/class/fc_host).',
  create: ({ paths }) => ({
    async collect() {
      const classDir = join(paths.sysfs, 'class/fc_host');
      const hosts = listOptional(classDir);
      if (hosts === null) return [];
      const set = new FamilySet();
      const info = gauge(
        'node_fibrechannel_info',
        'Non-numeric data from /sys/class/fc_host/<host>, value is always 1.',
      );
      for (const host of hosts) {
        const dir = join(classDir, host);
        const labels: Record<string, string> = { fc_host: host };
        for (const [file, label, hex] of INFO) {
          const value = readOptional(join(dir, file))?.trim() ?? '';
          labels[label] = hex && value.length > 2 ? value.slice(2) : value;
        }
        info.add(1, labels);
        // A counter the driver does not expose reads as 0, as in node_exporter.
        const statsDir = join(dir, 'statistics');
        const present = new Set(
          readdirSync(statsDir, { withFileTypes: true })
            .filter((e) => e.isFile())
            .map((e) => e.name),
        );
        for (const [file, name, help] of COUNTERS) {
          const path = join(statsDir, file);
          const text = present.has(file) ? readOptional(path) : null;
          const value = text === null ? 0 : parseSource(path, text, parseSysfsUint);
          set.get(`node_fibrechannel_${name}`, help, 'counter').add(value, { fc_host: host });
        }
      }
      const families = set.build();
      if (info.size > 0) families.push(info.build());
      return families;
    },
  }),
});
