import { endianness } from 'node:os';
import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { FamilySet } from '../exposition/family.js';
import { pageSizeFromAuxv, parseSockstat, type Sockstat } from '../parsers/sockstat.js';
import { parseSource, readExtraBytes, readOptional } from './source.js';

/** The usual page size, for a platform without /proc/self/auxv. */
const FALLBACK_PAGE_SIZE = 4096;

/** 64-bit platforms Node runs on; the others (arm, ia32) have 4-byte auxv words. */
const WORD_64 = new Set(['arm64', 'x64', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el']);

let pageSize: number | undefined;

/**
 * The kernel's page size, which sockstat's `mem` is counted in. node_exporter uses Go's
 * os.Getpagesize(), which the Go runtime takes from AT_PAGESZ of the process's auxiliary
 * vector; this reads the same entry from /proc/self/auxv (this process, whatever
 * --path.procfs says: the page size is the running kernel's), once.
 */
export function hostPageSize(): number {
  if (pageSize === undefined) {
    const auxv = readExtraBytes('/proc/self/auxv');
    pageSize =
      (auxv && pageSizeFromAuxv(auxv, WORD_64.has(process.arch) ? 8 : 4, endianness() === 'LE')) ??
      FALLBACK_PAGE_SIZE;
  }
  return pageSize;
}

/** The per-protocol fields node_exporter exposes, in its order; `mem_bytes` follows `mem`. */
const FIELDS = ['orphan', 'tw', 'alloc', 'mem', 'memory'] as const;

function addStats(set: FamilySet, seen: Set<string>, stat: Sockstat, ipv4: boolean): void {
  const add = (name: string, help: string, value: number) => {
    // A protocol listed twice would make a duplicate series: the first line wins.
    if (seen.has(name)) return;
    seen.add(name);
    set.get(name, help, 'gauge').add(value);
  };
  // sockstat6 has no `sockets: used` line; node_exporter reads it from the IPv4 file only.
  if (ipv4 && stat.used !== undefined)
    add('node_sockstat_sockets_used', 'Number of IPv4 sockets in use.', stat.used);
  const pages = hostPageSize();
  for (const p of stat.protocols) {
    const state = (name: string, value: number) =>
      add(
        `node_sockstat_${p.protocol}_${name}`,
        `Number of ${p.protocol} sockets in state ${name}.`,
        value,
      );
    state('inuse', p.inuse);
    for (const field of FIELDS) {
      const value = p[field];
      if (value !== undefined) state(field, value);
    }
    if (p.mem !== undefined) state('mem_bytes', p.mem * pages);
  }
}

export const sockstatCollector = defineCollector({
  name: 'sockstat',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Socket counts and memory per protocol (/proc/net/sockstat, /proc/net/sockstat6).',
  create: ({ paths }) => ({
    async collect() {
      const set = new FamilySet();
      const seen = new Set<string>();
      for (const [file, ipv4] of [
        ['net/sockstat', true],
        ['net/sockstat6', false],
      ] as const) {
        const path = join(paths.procfs, file);
        const text = readOptional(path);
        // IPv4 or IPv6 may be disabled on this kernel: its file is then absent.
        if (text !== null) addStats(set, seen, parseSource(path, text, parseSockstat), ipv4);
      }
      return set.build();
    },
  }),
});
