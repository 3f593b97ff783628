import { join } from 'node:path';
import * as z from 'zod';
import { defineCollector } from '../core/collector.js';
import { gauge, single } from '../exposition/family.js';
import { type IpvsBackend, parseIpvsBackends, parseIpvsStats } from '../parsers/ip-vs.js';
import { parseSource, readIfPresent, readText } from './source.js';

/** The backend labels node_exporter 1.5 knows, in the order it always puts them. */
const BACKEND_LABELS = [
  'local_address',
  'local_port',
  'remote_address',
  'remote_port',
  'proto',
  'local_mark',
] as const;
type BackendLabel = (typeof BACKEND_LABELS)[number];

const DEFAULT_BACKEND_LABELS = BACKEND_LABELS.join(',');

/** The labels a comma-separated list asks for, in node_exporter's order; unknown ones, sorted. */
export function ipvsLabels(list: string): { labels: BackendLabel[]; unknown: string[] } {
  const asked = new Set(list.split(',').filter((l) => l !== ''));
  const labels = BACKEND_LABELS.filter((l) => asked.has(l));
  const known: ReadonlySet<string> = new Set(BACKEND_LABELS);
  const unknown = [...asked].filter((l) => !known.has(l)).sort();
  return { labels, unknown };
}

/** The `collectors.ipvs:` section: which labels the backend families carry. */
export const ipvsSection = z
  .strictObject({
    backend_labels: z
      .string()
      .default(DEFAULT_BACKEND_LABELS)
      .superRefine((list, ctx) => {
        const { unknown } = ipvsLabels(list);
        if (unknown.length > 0)
          ctx.addIssue({
            code: 'custom',
            message: `unknown IPVS backend labels: "${unknown.join(', ')}"`,
          });
      }),
  })
  .prefault({});

export type IpvsSettings = z.output<typeof ipvsSection>;

function labelValue(b: IpvsBackend, label: BackendLabel): string {
  switch (label) {
    case 'local_address':
      return b.localAddress;
    case 'local_port':
      return String(b.localPort);
    case 'remote_address':
      return b.remoteAddress;
    case 'remote_port':
      return String(b.remotePort);
    case 'proto':
      return b.proto;
    case 'local_mark':
      return b.localMark;
  }
}

export const ipvsCollector = defineCollector<IpvsSettings>({
  name: 'ipvs',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'IPVS totals and backend status (/proc/net/ip_vs_stats, /proc/net/ip_vs).',
  section: ['collectors', 'ipvs'],
  flags: [
    {
      name: 'backend-labels',
      key: 'backend_labels',
      type: 'string',
      default: DEFAULT_BACKEND_LABELS,
      help: 'Comma separated list for IPVS backend stats labels (collectors.ipvs.backend_labels).',
    },
  ],
  create: ({ paths, settings }) => ({
    async collect() {
      const statsPath = join(paths.procfs, 'net/ip_vs_stats');
      const statsText = readIfPresent(statsPath);
      if (statsText === null) return [];
      const stats = parseSource(statsPath, statsText, parseIpvsStats);
      const backendsPath = join(paths.procfs, 'net/ip_vs');
      const backends = parseSource(backendsPath, readText(backendsPath), parseIpvsBackends);

      // Backends with the same values of the chosen labels are summed, as node_exporter does.
      const { labels } = ipvsLabels(settings().backend_labels);
      const sums = new Map<
        string,
        { labels: Record<string, string>; active: bigint; inactive: bigint; weight: bigint }
      >();
      for (const b of backends) {
        const values = labels.map((l) => labelValue(b, l));
        const key = JSON.stringify(values);
        let sum = sums.get(key);
        if (!sum) {
          sum = {
            labels: Object.fromEntries(labels.map((l, i) => [l, values[i] as string])),
            active: 0n,
            inactive: 0n,
            weight: 0n,
          };
          sums.set(key, sum);
        }
        // uint64 sums wrap as Go's do.
        sum.active = BigInt.asUintN(64, sum.active + BigInt(b.activeConn));
        sum.inactive = BigInt.asUintN(64, sum.inactive + BigInt(b.inactConn));
        sum.weight = BigInt.asUintN(64, sum.weight + BigInt(b.weight));
      }
      const active = gauge(
        'node_ipvs_backend_connections_active',
        'The current active connections by local and remote address.',
      );
      const inactive = gauge(
        'node_ipvs_backend_connections_inactive',
        'The current inactive connections by local and remote address.',
      );
      const weight = gauge(
        'node_ipvs_backend_weight',
        'The current backend weight by local and remote address.',
      );
      for (const s of sums.values()) {
        active.add(Number(s.active), s.labels);
        inactive.add(Number(s.inactive), s.labels);
        weight.add(Number(s.weight), s.labels);
      }
      const families = [
        single(
          'node_ipvs_connections_total',
          'The total number of connections made.',
          'counter',
          stats.connections,
        ),
        single(
          'node_ipvs_incoming_packets_total',
          'The total number of incoming packets.',
          'counter',
          stats.incomingPackets,
        ),
        single(
          'node_ipvs_outgoing_packets_total',
          'The total number of outgoing packets.',
          'counter',
          stats.outgoingPackets,
        ),
        single(
          'node_ipvs_incoming_bytes_total',
          'The total amount of incoming data.',
          'counter',
          stats.incomingBytes,
        ),
        single(
          'node_ipvs_outgoing_bytes_total',
          'The total amount of outgoing data.',
          'counter',
          stats.outgoingBytes,
        ),
      ];
      for (const f of [active, inactive, weight]) if (f.size > 0) families.push(f.build());
      return families;
    },
  }),
});
