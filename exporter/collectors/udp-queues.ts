import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { gauge } from '../exposition/family.js';
import { parseUdpQueues } from '../parsers/udp-queues.js';
import { parseSource, readOptional } from './source.js';

export const udpQueuesCollector = defineCollector({
  name: 'udp_queues',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Bytes queued in UDP sockets, summed per direction (/proc/net/udp, /proc/net/udp6).',
  create: ({ paths }) => ({
    async collect() {
      const queues = gauge(
        'node_udp_queues',
        'Number of allocated memory in the kernel for UDP datagrams in bytes.',
      );
      for (const [file, ip] of [
        ['net/udp', 'v4'],
        ['net/udp6', 'v6'],
      ] as const) {
        const path = join(paths.procfs, file);
        const text = readOptional(path);
        // IPv4 or IPv6 may be disabled on this kernel: its file is then absent.
        if (text === null) continue;
        const { txQueue, rxQueue } = parseSource(path, text, parseUdpQueues);
        queues.add(txQueue, { ip, queue: 'tx' });
        queues.add(rxQueue, { ip, queue: 'rx' });
      }
      return queues.size > 0 ? [queues.build()] : [];
    },
  }),
});
