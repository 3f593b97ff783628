import { goUint } from './go-numbers.js';
import { ParseError } from './parse-error.js';

/** The counters of an XFS stats file that node_exporter 1.5 exposes, by their kernel group. */
export interface XfsStats {
  /** extent_alloc: extents allocated, blocks allocated, extents freed, blocks freed. */
  extentAlloc: readonly number[];
  /** abt: allocation B-tree lookups, compares, records inserted, records deleted. */
  allocBtree: readonly number[];
  /** blk_map: reads, writes, unmaps, extent list insertions, deletions, lookups, compares. */
  blockMap: readonly number[];
  /** bmbt: block map B-tree lookups, compares, records inserted, records deleted. */
  blockMapBtree: readonly number[];
  /** dir: lookups, creates, removes, getdents. */
  dir: readonly number[];
  /** ig: attempts, found, recycle, missed, duplicate, reclaims, attribute changes. */
  inode: readonly number[];
  /** rw: write calls, read calls (the kernel's order: xs_write_calls first). */
  rw: readonly number[];
  /** vnodes: active, allocate, get, hold, release, reclaim, remove (free, when present, is not kept). */
  vnodes: readonly number[];
}

/** How many values each group has; a line with another count is malformed. */
const GROUPS: Record<string, { key: keyof XfsStats; counts: readonly number[] }> = {
  extent_alloc: { key: 'extentAlloc', counts: [4] },
  abt: { key: 'allocBtree', counts: [4] },
  blk_map: { key: 'blockMap', counts: [7] },
  bmbt: { key: 'blockMapBtree', counts: [4] },
  dir: { key: 'dir', counts: [4] },
  ig: { key: 'inode', counts: [7] },
  rw: { key: 'rw', counts: [2] },
  vnodes: { key: 'vnodes', counts: [7, 8] },
};

/** Groups that are checked for their value count but not kept. */
const CHECKED: Record<string, readonly number[]> = {
  trans: [3],
  log: [5],
  attr: [4],
  icluster: [3],
  buf: [9],
  xpc: [3],
};

/**
 * Parse /sys/fs/xfs/<dev>/stats/stats (or /proc/fs/xfs/stat) as procfs reads it: one group a
 * line, its name then its counters; every counter of every group is an unsigned 32-bit
 * decimal (`xpc`: 64-bit), lines with fewer than two fields are skipped, a missing group reads
 * as zeros.
 */
export function parseXfsStat(text: string): XfsStats {
  const stats: XfsStats = {
    extentAlloc: [0, 0, 0, 0],
    allocBtree: [0, 0, 0, 0],
    blockMap: [0, 0, 0, 0, 0, 0, 0],
    blockMapBtree: [0, 0, 0, 0],
    dir: [0, 0, 0, 0],
    inode: [0, 0, 0, 0, 0, 0, 0],
    rw: [0, 0],
    vnodes: [0, 0, 0, 0, 0, 0, 0],
  };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fields = (lines[i] as string).split(/\s+/).filter((f) => f !== '');
    if (fields.length < 2) continue;
    const [label = '', ...raw] = fields;
    const bits = label === 'xpc' ? 64 : 32;
    const values = raw.map((f) => {
      const v = goUint(f, 10, bits);
      if (v === null)
        throw new ParseError(
          `${label}: expected an unsigned ${bits}-bit integer, got "${f}"`,
          i + 1,
        );
      return v;
    });
    const group = GROUPS[label];
    const counts = group?.counts ?? CHECKED[label];
    if (counts && !counts.includes(values.length))
      throw new ParseError(
        `${label}: expected ${counts.join(' or ')} values, got ${values.length}`,
        i + 1,
      );
    if (group) stats[group.key] = values.slice(0, 7);
  }
  return stats;
}
