import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { FamilySet } from '../exposition/family.js';
import type { MetricType } from '../exposition/types.js';
import {
  type NfsEventName,
  type NfsStats,
  parseMountinfoAddrs,
  parseMountStats,
} from '../parsers/mountstats.js';
import { parseSource, readOptional, readText } from './source.js';

const P = 'node_mountstats_nfs_';

/** node_exporter's float64Mantissa: counters that may pass 2^53 are taken modulo it. */
const MANTISSA = 9007199254740992n;

const BYTES: Array<[string, keyof NfsStats['bytes'], string]> = [
  ['read_bytes_total', 'read', 'Number of bytes read using the read() syscall.'],
  ['write_bytes_total', 'write', 'Number of bytes written using the write() syscall.'],
  [
    'direct_read_bytes_total',
    'directRead',
    'Number of bytes read using the read() syscall in O_DIRECT mode.',
  ],
  [
    'direct_write_bytes_total',
    'directWrite',
    'Number of bytes written using the write() syscall in O_DIRECT mode.',
  ],
  ['total_read_bytes_total', 'readTotal', 'Number of bytes read from the NFS server, in total.'],
  ['total_write_bytes_total', 'writeTotal', 'Number of bytes written to the NFS server, in total.'],
  ['read_pages_total', 'readPages', "Number of pages read directly via mmap()'d files."],
  ['write_pages_total', 'writePages', "Number of pages written directly via mmap()'d files."],
];

type Transport = NfsStats['transport'];
const TRANSPORT: Array<[string, MetricType, (t: Transport) => bigint, string]> = [
  [
    'transport_bind_total',
    'counter',
    (t) => t.bind,
    'Number of times the client has had to establish a connection from scratch to the NFS server.',
  ],
  [
    'transport_connect_total',
    'counter',
    (t) => t.connect,
    'Number of times the client has made a TCP connection to the NFS server.',
  ],
  [
    'transport_idle_time_seconds',
    'gauge',
    (t) => t.idleTimeSeconds % MANTISSA,
    'Duration since the NFS mount last saw any RPC traffic, in seconds.',
  ],
  [
    'transport_sends_total',
    'counter',
    (t) => t.sends,
    'Number of RPC requests for this mount sent to the NFS server.',
  ],
  [
    'transport_receives_total',
    'counter',
    (t) => t.receives,
    'Number of RPC responses for this mount received from the NFS server.',
  ],
  [
    'transport_bad_transaction_ids_total',
    'counter',
    (t) => t.badTransactionIds,
    'Number of times the NFS server sent a response with a transaction ID unknown to this client.',
  ],
  [
    'transport_backlog_queue_total',
    'counter',
    (t) => t.cumulativeBacklog,
    'Total number of items added to the RPC backlog queue.',
  ],
  [
    'transport_maximum_rpc_slots',
    'gauge',
    (t) => t.maximumRpcSlotsUsed,
    'Maximum number of simultaneously active RPC requests ever used.',
  ],
  [
    'transport_sending_queue_total',
    'counter',
    (t) => t.cumulativeSendingQueue,
    'Total number of items added to the RPC transmission sending queue.',
  ],
  [
    'transport_pending_queue_total',
    'counter',
    (t) => t.cumulativePendingQueue,
    'Total number of items added to the RPC transmission pending queue.',
  ],
];

type Operation = NfsStats['operations'][number];
/** Name, value (milliseconds modulo 2^53 divided by 1000 as node_exporter does), HELP. */
const OPERATIONS: Array<[string, (o: Operation) => number, string]> = [
  [
    'operations_requests_total',
    (o) => Number(o.requests),
    'Number of requests performed for a given operation.',
  ],
  [
    'operations_transmissions_total',
    (o) => Number(o.transmissions),
    'Number of times an actual RPC request has been transmitted for a given operation.',
  ],
  [
    'operations_major_timeouts_total',
    (o) => Number(o.majorTimeouts),
    'Number of times a request has had a major timeout for a given operation.',
  ],
  [
    'operations_sent_bytes_total',
    (o) => Number(o.bytesSent),
    'Number of bytes sent for a given operation, including RPC headers and payload.',
  ],
  [
    'operations_received_bytes_total',
    (o) => Number(o.bytesReceived),
    'Number of bytes received for a given operation, including RPC headers and payload.',
  ],
  [
    'operations_queue_time_seconds_total',
    (o) => Number(o.queueMilliseconds % MANTISSA) / 1000,
    'Duration all requests spent queued for transmission for a given operation before they were sent, in seconds.',
  ],
  [
    'operations_response_time_seconds_total',
    (o) => Number(o.responseMilliseconds % MANTISSA) / 1000,
    'Duration all requests took to get a reply back after a request for a given operation was transmitted, in seconds.',
  ],
  [
    'operations_request_time_seconds_total',
    (o) => Number(o.requestMilliseconds % MANTISSA) / 1000,
    'Duration all requests took from when a request was enqueued to when it was completely handled for a given operation, in seconds.',
  ],
];

/** node_exporter 1.5's event families (congestion_wait is parsed but not exposed). */
const EVENTS: Array<[string, NfsEventName, string]> = [
  [
    'event_inode_revalidate_total',
    'inodeRevalidate',
    'Number of times cached inode attributes are re-validated from the server.',
  ],
  [
    'event_dnode_revalidate_total',
    'dnodeRevalidate',
    'Number of times cached dentry nodes are re-validated from the server.',
  ],
  ['event_data_invalidate_total', 'dataInvalidate', 'Number of times an inode cache is cleared.'],
  [
    'event_attribute_invalidate_total',
    'attributeInvalidate',
    'Number of times cached inode attributes are invalidated.',
  ],
  // node_exporter's HELP, copied from the line above.
  ['event_vfs_open_total', 'vfsOpen', 'Number of times cached inode attributes are invalidated.'],
  ['event_vfs_lookup_total', 'vfsLookup', 'Number of times a directory lookup has occurred.'],
  ['event_vfs_access_total', 'vfsAccess', 'Number of times permissions have been checked.'],
  [
    'event_vfs_update_page_total',
    'vfsUpdatePage',
    'Number of updates (and potential writes) to pages.',
  ],
  ['event_vfs_read_page_total', 'vfsReadPage', "Number of pages read directly via mmap()'d files."],
  [
    'event_vfs_read_pages_total',
    'vfsReadPages',
    'Number of times a group of pages have been read.',
  ],
  [
    'event_vfs_write_page_total',
    'vfsWritePage',
    "Number of pages written directly via mmap()'d files.",
  ],
  [
    'event_vfs_write_pages_total',
    'vfsWritePages',
    'Number of times a group of pages have been written.',
  ],
  [
    'event_vfs_getdents_total',
    'vfsGetdents',
    'Number of times directory entries have been read with getdents().',
  ],
  // node_exporter's HELP, copied from the line above.
  [
    'event_vfs_setattr_total',
    'vfsSetattr',
    'Number of times directory entries have been read with getdents().',
  ],
  [
    'event_vfs_flush_total',
    'vfsFlush',
    'Number of pending writes that have been forcefully flushed to the server.',
  ],
  [
    'event_vfs_fsync_total',
    'vfsFsync',
    'Number of times fsync() has been called on directories and files.',
  ],
  ['event_vfs_lock_total', 'vfsLock', 'Number of times locking has been attempted on a file.'],
  [
    'event_vfs_file_release_total',
    'vfsFileRelease',
    'Number of times files have been closed and released.',
  ],
  ['event_truncation_total', 'truncation', 'Number of times files have been truncated.'],
  [
    'event_write_extension_total',
    'writeExtension',
    'Number of times a file has been grown due to writes beyond its existing end.',
  ],
  [
    'event_silly_rename_total',
    'sillyRename',
    'Number of times a file was removed while still open by another process.',
  ],
  [
    'event_short_read_total',
    'shortRead',
    'Number of times the NFS server gave less data than expected while reading.',
  ],
  [
    'event_short_write_total',
    'shortWrite',
    'Number of times the NFS server wrote less data than expected while writing.',
  ],
  [
    'event_jukebox_delay_total',
    'jukeboxDelay',
    'Number of times the NFS server indicated EJUKEBOX; retrieving data from offline storage.',
  ],
  ['event_pnfs_read_total', 'pnfsRead', 'Number of NFS v4.1+ pNFS reads.'],
  ['event_pnfs_write_total', 'pnfsWrite', 'Number of NFS v4.1+ pNFS writes.'],
];

function addStats(
  set: FamilySet,
  s: NfsStats,
  labels: { export: string; protocol: string; mountaddr: string },
): void {
  set
    .get(`${P}age_seconds_total`, 'The age of the NFS mount in seconds.', 'counter')
    .add(s.ageSeconds, labels);
  for (const [name, key, help] of BYTES)
    set.get(P + name, help, 'counter').add(Number(s.bytes[key]), labels);
  for (const [name, type, value, help] of TRANSPORT)
    set.get(P + name, help, type).add(Number(value(s.transport)), labels);
  for (const op of s.operations) {
    const opLabels = { ...labels, operation: op.operation };
    for (const [name, value, help] of OPERATIONS)
      set.get(P + name, help, 'counter').add(value(op), opLabels);
  }
  for (const [name, key, help] of EVENTS)
    set.get(P + name, help, 'counter').add(Number(s.events[key]), labels);
}

export const mountstatsCollector = defineCollector({
  name: 'mountstats',
  defaultEnabled: false,
  nodeExporter: true,
  description: 'NFS client statistics per mount (/proc/self/mountstats, /proc/self/mountinfo).',
  create: ({ paths }) => ({
    async collect() {
      const statsPath = join(paths.procfs, 'self/mountstats');
      const text = readOptional(statsPath);
      if (text === null) return [];
      const mounts = parseSource(statsPath, text, parseMountStats);
      const infoPath = join(paths.procfs, 'self/mountinfo');
      const addrs = parseSource(infoPath, readText(infoPath), parseMountinfoAddrs);
      const set = new FamilySet();
      // One series set per export, protocol and server address, as node_exporter: the same
      // export mounted twice is counted once, from its first entry.
      const seen = new Set<string>();
      mounts.forEach((m, idx) => {
        if (m.nfs === null) return;
        // The entries of mountstats and mountinfo are in the same order.
        const mountaddr = addrs[idx] ?? '';
        const labels = { export: m.device, protocol: m.nfs.transport.protocol, mountaddr };
        const id = JSON.stringify([labels.export, labels.protocol, mountaddr]);
        if (seen.has(id)) return;
        seen.add(id);
        addStats(set, m.nfs, labels);
      });
      return set.build();
    },
  }),
});
