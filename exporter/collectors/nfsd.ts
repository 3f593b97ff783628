import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { counter, single } from '../exposition/family.js';
import { parseNfsServer } from '../parsers/net-rpc-nfs.js';
import { parseSource, readIfPresent } from './source.js';

export const nfsdCollector = defineCollector({
  name: 'nfsd',
  defaultEnabled: true,
  nodeExporter: true,
  description:
    'NFS server statistics: reply cache, I/O, threads, RPCs and operations (/proc/net/rpc/nfsd).',
  create: ({ paths }) => ({
    async collect() {
      const path = join(paths.procfs, 'net/rpc/nfsd');
      const text = readIfPresent(path);
      if (text === null) return [];
      const s = parseSource(path, text, parseNfsServer);
      const requests = counter(
        'node_nfsd_requests_total',
        'Total number NFSd Requests by method and protocol.',
      );
      for (const [proto, procs] of [
        ['2', s.v2],
        ['3', s.v3],
        ['4', s.v4],
      ] as const) {
        for (const { method, value } of procs) requests.add(value, { proto, method });
      }
      return [
        single(
          'node_nfsd_reply_cache_hits_total',
          'Total number of NFSd Reply Cache hits (client lost server response).',
          'counter',
          s.replyCacheHits,
        ),
        single(
          'node_nfsd_reply_cache_misses_total',
          'Total number of NFSd Reply Cache an operation that requires caching (idempotent).',
          'counter',
          s.replyCacheMisses,
        ),
        single(
          'node_nfsd_reply_cache_nocache_total',
          'Total number of NFSd Reply Cache non-idempotent operations (rename/delete/…).',
          'counter',
          s.replyCacheNoCache,
        ),
        single(
          'node_nfsd_file_handles_stale_total',
          'Total number of NFSd stale file handles',
          'counter',
          s.fileHandlesStale,
        ),
        single('node_nfsd_disk_bytes_read_total', 'Total NFSd bytes read.', 'counter', s.ioRead),
        single(
          'node_nfsd_disk_bytes_written_total',
          'Total NFSd bytes written.',
          'counter',
          s.ioWrite,
        ),
        single(
          'node_nfsd_server_threads',
          'Total number of NFSd kernel threads that are running.',
          'gauge',
          s.threads,
        ),
        single(
          'node_nfsd_read_ahead_cache_size_blocks',
          'How large the read ahead cache is in blocks.',
          'gauge',
          s.readAheadCacheSize,
        ),
        single(
          'node_nfsd_read_ahead_cache_not_found_total',
          'Total number of NFSd read ahead cache not found.',
          'counter',
          s.readAheadNotFound,
        ),
        counter(
          'node_nfsd_packets_total',
          'Total NFSd network packets (sent+received) by protocol type.',
        )
          .add(s.network.udp, { proto: 'udp' })
          .add(s.network.tcp, { proto: 'tcp' })
          .build(),
        single(
          'node_nfsd_connections_total',
          'Total number of NFSd TCP connections.',
          'counter',
          s.network.tcpConnections,
        ),
        counter('node_nfsd_rpc_errors_total', 'Total number of NFSd RPC errors by error type.')
          .add(s.rpcBadFormat, { error: 'fmt' })
          .add(s.rpcBadAuth, { error: 'auth' })
          .add(s.rpcBadClient, { error: 'cInt' })
          .build(),
        single('node_nfsd_server_rpcs_total', 'Total number of NFSd RPCs.', 'counter', s.rpcCalls),
        requests.build(),
      ];
    },
  }),
});
