import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { FamilySet } from '../exposition/family.js';
import { parseDrbd } from '../parsers/drbd.js';
import { parseSource, readOptional } from './source.js';

/** node_exporter 1.5's numeric /proc/drbd keys: name, help, type, scale (KiB counts to bytes). */
const NUMBERS: Record<
  string,
  { name: string; help: string; type: 'counter' | 'gauge'; scale: number }
> = {
  ns: {
    name: 'node_drbd_network_sent_bytes_total',
    help: 'Total number of bytes sent via the network.',
    type: 'counter',
    scale: 1024,
  },
  // node_exporter 1.5 does not scale nr (KiB) to bytes; kept for compatibility.
  nr: {
    name: 'node_drbd_network_received_bytes_total',
    help: 'Total number of bytes received via the network.',
    type: 'counter',
    scale: 1,
  },
  dw: {
    name: 'node_drbd_disk_written_bytes_total',
    help: 'Net data written on local hard disk; in bytes.',
    type: 'counter',
    scale: 1024,
  },
  dr: {
    name: 'node_drbd_disk_read_bytes_total',
    help: 'Net data read from local hard disk; in bytes.',
    type: 'counter',
    scale: 1024,
  },
  al: {
    name: 'node_drbd_activitylog_writes_total',
    help: 'Number of updates of the activity log area of the meta data.',
    type: 'counter',
    scale: 1,
  },
  bm: {
    name: 'node_drbd_bitmap_writes_total',
    help: 'Number of updates of the bitmap area of the meta data.',
    type: 'counter',
    scale: 1,
  },
  lo: {
    name: 'node_drbd_local_pending',
    help: 'Number of open requests to the local I/O sub-system.',
    type: 'gauge',
    scale: 1,
  },
  pe: {
    name: 'node_drbd_remote_pending',
    help: 'Number of requests sent to the peer, but that have not yet been answered by the latter.',
    type: 'gauge',
    scale: 1,
  },
  ua: {
    name: 'node_drbd_remote_unacknowledged',
    help: 'Number of requests received by the peer via the network connection, but that have not yet been answered.',
    type: 'gauge',
    scale: 1,
  },
  ap: {
    name: 'node_drbd_application_pending',
    help: 'Number of block I/O requests forwarded to DRBD, but not yet answered by DRBD.',
    type: 'gauge',
    scale: 1,
  },
  ep: {
    name: 'node_drbd_epochs',
    help: 'Number of Epochs currently on the fly.',
    type: 'gauge',
    scale: 1,
  },
  oos: {
    name: 'node_drbd_out_of_sync_bytes',
    help: 'Amount of data known to be out of sync; in bytes.',
    type: 'gauge',
    scale: 1024,
  },
};

const PAIRS: Record<string, { name: string; help: string; ok: string }> = {
  ro: {
    name: 'node_drbd_node_role_is_primary',
    help: 'Whether the role of the node is in the primary state.',
    ok: 'Primary',
  },
  ds: {
    name: 'node_drbd_disk_state_is_up_to_date',
    help: 'Whether the disk of the node is up to date.',
    ok: 'UpToDate',
  },
};

export const drbdCollector = defineCollector({
  name: 'drbd',
  defaultEnabled: false,
  nodeExporter: true,
  description: 'DRBD 8.x device statistics (/proc/drbd).',
  create: ({ paths }) => ({
    async collect() {
      const path = join(paths.procfs, 'drbd');
      const text = readOptional(path);
      if (text === null) return [];
      const set = new FamilySet();
      for (const field of parseSource(path, text, parseDrbd)) {
        const { device } = field;
        if (field.kind === 'number') {
          const m = NUMBERS[field.key];
          if (m) set.get(m.name, m.help, m.type).add(field.value * m.scale, { device });
        } else if (field.kind === 'pair') {
          const m = PAIRS[field.key];
          if (!m) continue;
          const family = set.get(m.name, m.help, 'gauge');
          family.add(field.local === m.ok ? 1 : 0, { device, node: 'local' });
          family.add(field.remote === m.ok ? 1 : 0, { device, node: 'remote' });
        } else {
          set
            .get('node_drbd_connected', 'Whether DRBD is connected to the peer.', 'gauge')
            .add(field.state === 'Connected' ? 1 : 0, { device });
        }
      }
      return set.build();
    },
  }),
});
