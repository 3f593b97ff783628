import { join } from 'node:path';
import * as z from 'zod';
import { pattern } from '../config/fields.js';
import { defineCollector } from '../core/collector.js';
import { single } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { type ProtocolStats, parseNetstat, parseSnmp6 } from '../parsers/netstat.js';
import { parseSource, readOptional } from './source.js';

/** node_exporter 1.5's default `--collector.netstat.fields`. */
export const DEFAULT_NETSTAT_FIELDS =
  '^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts)|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$';

/** The `collectors.netstat:` section: which `Protocol_Field` statistics are reported. */
export const netstatSection = z
  .strictObject({
    fields: pattern.default(DEFAULT_NETSTAT_FIELDS),
  })
  .prefault({});

export type NetstatSettings = z.output<typeof netstatSection>;

/**
 * The files read, in node_exporter's merge order: a later file's protocol replaces an earlier
 * one's. node_exporter needs netstat and snmp (it fails without either) and reads snmp6 when
 * IPv6 is enabled.
 */
const SOURCES: ReadonlyArray<
  [file: string, parse: (text: string) => ProtocolStats[], required: boolean]
> = [
  ['net/netstat', parseNetstat, true],
  ['net/snmp', parseNetstat, true],
  ['net/snmp6', parseSnmp6, false],
];

/** A statistic the field pattern keeps: its family's name and help. */
interface KeptField {
  readonly metric: string;
  readonly help: string;
}

type FieldNamer = (protocol: string, name: string) => KeptField | null;

/**
 * What the pattern makes of each `Protocol_Field`, decided at its first sight and remembered:
 * the kernel's few hundred statistics are the same at every scrape, and the default pattern
 * is costly to match.
 */
function namer(keep: RegExp): FieldNamer {
  const byProtocol = new Map<string, Map<string, KeptField | null>>();
  return (protocol, name) => {
    let names = byProtocol.get(protocol);
    if (!names) {
      names = new Map();
      byProtocol.set(protocol, names);
    }
    let kept = names.get(name);
    if (kept === undefined) {
      const key = `${protocol}_${name}`;
      kept = keep.test(key)
        ? { metric: `node_netstat_${key}`, help: `Statistic ${protocol}${name}.` }
        : null;
      names.set(name, kept);
    }
    return kept;
  };
}

export const netstatCollector = defineCollector<NetstatSettings>({
  name: 'netstat',
  defaultEnabled: true,
  nodeExporter: true,
  description:
    'Network protocol statistics (/proc/net/netstat, /proc/net/snmp, /proc/net/snmp6), filtered by field.',
  section: ['collectors', 'netstat'],
  flags: [
    {
      name: 'fields',
      key: 'fields',
      type: 'pattern',
      default: DEFAULT_NETSTAT_FIELDS,
      help: 'Regexp of fields to return for netstat collector (collectors.netstat.fields).',
    },
  ],
  create: ({ paths, settings }) => {
    let fields: { source: string; field: FieldNamer } | undefined;
    const fieldNamer = (source: string): FieldNamer => {
      if (fields?.source !== source) fields = { source, field: namer(new RegExp(source)) };
      return fields.field;
    };
    return {
      async collect() {
        const protocols = new Map<string, ReadonlyMap<string, number>>();
        for (const [file, parse, required] of SOURCES) {
          const path = join(paths.procfs, file);
          const text = readOptional(path);
          // Without netstat or snmp (no IPv4 stack, not Linux) node_exporter exposes nothing.
          if (text === null) {
            if (required) return [];
            continue;
          }
          for (const { protocol, stats } of parseSource(path, text, parse))
            protocols.set(protocol, stats);
        }
        const field = fieldNamer(settings().fields);
        const families: MetricFamily[] = [];
        const seen = new Set<string>();
        for (const [protocol, stats] of protocols) {
          for (const [name, value] of stats) {
            const kept = field(protocol, name);
            // Two spellings that meet in one name would make a duplicate series.
            if (kept === null || seen.has(kept.metric)) continue;
            seen.add(kept.metric);
            families.push(single(kept.metric, kept.help, 'untyped', value));
          }
        }
        return families;
      },
    };
  },
});
