import { numberedLines } from './fields.js';
import { ParseError } from './parse-error.js';

/**
 * The /proc/zoneinfo keys procfs reads, all counts of pages (or events). Keys of the
 * "per-node stats" block belong to the zone whose header they follow (the node's first zone),
 * as procfs has them.
 */
export const ZONE_FIELDS = [
  'nr_free_pages',
  'min',
  'low',
  'high',
  'scanned',
  'spanned',
  'present',
  'managed',
  'nr_active_anon',
  'nr_inactive_anon',
  'nr_isolated_anon',
  'nr_anon_pages',
  'nr_anon_transparent_hugepages',
  'nr_active_file',
  'nr_inactive_file',
  'nr_isolated_file',
  'nr_file_pages',
  'nr_slab_reclaimable',
  'nr_slab_unreclaimable',
  'nr_mlock_stack',
  'nr_kernel_stack',
  'nr_mapped',
  'nr_dirty',
  'nr_writeback',
  'nr_unevictable',
  'nr_shmem',
  'nr_dirtied',
  'nr_written',
  'numa_hit',
  'numa_miss',
  'numa_foreign',
  'numa_interleave',
  'numa_local',
  'numa_other',
] as const;

export type ZoneField = (typeof ZONE_FIELDS)[number];

const KNOWN = new Set<string>(ZONE_FIELDS);

export interface Zone {
  readonly node: string;
  readonly zone: string;
  /** The known keys the zone's block has (a later repetition wins). */
  readonly fields: Partial<Record<ZoneField, number>>;
  /** lowmem_reserve, one value per zone of the node; absent when the block has none. */
  readonly protection?: readonly number[];
}

const HEADER = /^Node\s+(\d+),\s*zone\s+(\w+)\s*$/;
const INTEGER = /^[+-]?\d+$/;

/** Parse /proc/zoneinfo into its zones, each with the fields procfs reads. */
export function parseZoneinfo(text: string): Zone[] {
  const zones: Array<{
    node: string;
    zone: string;
    fields: Zone['fields'];
    protection?: number[];
  }> = [];
  for (const [line, lineNo] of numberedLines(text)) {
    if (line.startsWith('Node')) {
      const header = HEADER.exec(line);
      if (!header) throw new ParseError(`expected "Node N, zone NAME", got "${line}"`, lineNo);
      zones.push({ node: header[1] as string, zone: header[2] as string, fields: {} });
      continue;
    }
    const current = zones[zones.length - 1];
    if (!current) throw new ParseError('statistics before the first "Node N, zone NAME"', lineNo);
    const parts = line.trim().split(/\s+/);
    const key = parts[0] as string;
    if (parts.length < 2) continue;
    if (key === 'protection:') {
      const list = /^\s*protection:\s*\(([^)]*)\)\s*$/.exec(line);
      const values = list?.[1]?.split(',').map((v) => v.trim());
      if (!values?.every((v) => INTEGER.test(v)))
        throw new ParseError(`expected "protection: (N, N, ...)", got "${line.trim()}"`, lineNo);
      current.protection = values.map(Number);
    } else if (KNOWN.has(key)) {
      const value = parts[1] as string;
      if (!INTEGER.test(value))
        throw new ParseError(`${key}: expected an integer, got "${value}"`, lineNo);
      (current.fields as Record<string, number>)[key] = Number(value);
    }
  }
  return zones;
}
