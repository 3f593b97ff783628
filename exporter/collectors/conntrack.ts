import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { single } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { type ConntrackStatRow, parseNfConntrackStat } from '../parsers/nf-conntrack-stat.js';
import { parseSysUint } from '../parsers/sys-uint.js';
import { parseSource, readOptional } from './source.js';

/** The per-CPU counters node_exporter 1.5 sums, as gauges (which is how it types them). */
const STATS: ReadonlyArray<{ field: keyof ConntrackStatRow; name: string; help: string }> = [
  {
    field: 'found',
    name: 'node_nf_conntrack_stat_found',
    help: 'Number of searched entries which were successful.',
  },
  {
    field: 'invalid',
    name: 'node_nf_conntrack_stat_invalid',
    help: 'Number of packets seen which can not be tracked.',
  },
  {
    field: 'ignore',
    name: 'node_nf_conntrack_stat_ignore',
    help: 'Number of packets seen which are already connected to a conntrack entry.',
  },
  {
    field: 'insert',
    name: 'node_nf_conntrack_stat_insert',
    help: 'Number of entries inserted into the list.',
  },
  {
    field: 'insertFailed',
    name: 'node_nf_conntrack_stat_insert_failed',
    help: 'Number of entries for which list insertion was attempted but failed.',
  },
  {
    field: 'drop',
    name: 'node_nf_conntrack_stat_drop',
    help: 'Number of packets dropped due to conntrack failure.',
  },
  {
    field: 'earlyDrop',
    name: 'node_nf_conntrack_stat_early_drop',
    help: 'Number of dropped conntrack entries to make room for new ones, if maximum table size was reached.',
  },
  {
    field: 'searchRestart',
    name: 'node_nf_conntrack_stat_search_restart',
    help: 'Number of conntrack table lookups which had to be restarted due to hashtable resizes.',
  },
];

export const conntrackCollector = defineCollector({
  name: 'conntrack',
  defaultEnabled: true,
  nodeExporter: true,
  description:
    'Connection tracking table size, limit and statistics (/proc/sys/net/netfilter, /proc/net/stat/nf_conntrack).',
  create: ({ paths }) => ({
    async collect() {
      // Without the nf_conntrack module these files do not exist: no data, not a failure. As
      // node_exporter, what was read before a missing file is still exposed.
      const families: MetricFamily[] = [];
      const sysctl = (file: string): number | null => {
        const path = join(paths.procfs, 'sys/net/netfilter', file);
        const text = readOptional(path);
        return text === null ? null : parseSource(path, text, parseSysUint);
      };
      const count = sysctl('nf_conntrack_count');
      if (count === null) return families;
      families.push(
        single(
          'node_nf_conntrack_entries',
          'Number of currently allocated flow entries for connection tracking.',
          'gauge',
          count,
        ),
      );
      const max = sysctl('nf_conntrack_max');
      if (max === null) return families;
      families.push(
        single(
          'node_nf_conntrack_entries_limit',
          'Maximum size of connection tracking table.',
          'gauge',
          max,
        ),
      );
      const statPath = join(paths.procfs, 'net/stat/nf_conntrack');
      const statText = readOptional(statPath);
      if (statText === null) return families;
      const rows = parseSource(statPath, statText, parseNfConntrackStat);
      for (const { field, name, help } of STATS) {
        // Summed over CPUs in 64 bits, wrapping as Go's uint64 does.
        const total = rows.reduce((sum, row) => BigInt.asUintN(64, sum + row[field]), 0n);
        families.push(single(name, help, 'gauge', Number(total)));
      }
      return families;
    },
  }),
});
