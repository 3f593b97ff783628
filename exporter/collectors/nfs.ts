import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { counter } from '../exposition/family.js';
import { parseNfsClient } from '../parsers/net-rpc-nfs.js';
import { parseSource, readIfPresent } from './source.js';

export const nfsCollector = defineCollector({
  name: 'nfs',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'NFS client statistics: packets, RPCs and procedure calls (/proc/net/rpc/nfs).',
  create: ({ paths }) => ({
    async collect() {
      const path = join(paths.procfs, 'net/rpc/nfs');
      const text = readIfPresent(path);
      if (text === null) return [];
      const stats = parseSource(path, text, parseNfsClient);
      const help = 'Total NFSd network packets (sent+received) by protocol type.';
      const requests = counter('node_nfs_requests_total', 'Number of NFS procedures invoked.');
      for (const [proto, procs] of [
        ['2', stats.v2],
        ['3', stats.v3],
        ['4', stats.v4],
      ] as const) {
        for (const { method, value } of procs) requests.add(value, { proto, method });
      }
      return [
        counter('node_nfs_packets_total', help)
          .add(stats.network.udp, { protocol: 'udp' })
          .add(stats.network.tcp, { protocol: 'tcp' })
          .build(),
        counter('node_nfs_connections_total', 'Total number of NFSd TCP connections.')
          .add(stats.network.tcpConnections)
          .build(),
        counter('node_nfs_rpcs_total', 'Total number of RPCs performed.')
          .add(stats.rpcCalls)
          .build(),
        counter('node_nfs_rpc_retransmissions_total', 'Number of RPC transmissions performed.')
          .add(stats.rpcRetransmissions)
          .build(),
        counter(
          'node_nfs_rpc_authentication_refreshes_total',
          'Number of RPC authentication refreshes performed.',
        )
          .add(stats.rpcAuthRefreshes)
          .build(),
        requests.build(),
      ];
    },
  }),
});
