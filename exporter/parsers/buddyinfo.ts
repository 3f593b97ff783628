import { num, numberedLines } from './fields.js';
import { ParseError } from './parse-error.js';

export interface BuddyZone {
  /** The NUMA node number, as text (`0`). */
  readonly node: string;
  readonly zone: string;
  /** Free blocks by order: index n counts free blocks of 2^n contiguous pages. */
  readonly freeBlocks: readonly number[];
}

/**
 * Parse /proc/buddyinfo: `Node 0, zone   Normal   4381   1093 ...`, one line per zone. Every
 * line must have as many orders as the first, as procfs requires.
 */
export function parseBuddyinfo(text: string): BuddyZone[] {
  const zones: BuddyZone[] = [];
  let orders: number | undefined;
  for (const [line, lineNo] of numberedLines(text)) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 4 || parts[0] !== 'Node' || parts[2] !== 'zone')
      throw new ParseError(`expected "Node N, zone NAME counts...", got "${line}"`, lineNo);
    const node = (parts[1] as string).replace(/,+$/, '');
    const zone = (parts[3] as string).replace(/,+$/, '');
    const freeBlocks = parts.slice(4).map((p, order) => num(p, `order ${order}`, lineNo));
    if (orders === undefined) orders = freeBlocks.length;
    else if (freeBlocks.length !== orders)
      throw new ParseError(
        `${freeBlocks.length} orders where the first line has ${orders}`,
        lineNo,
      );
    zones.push({ node, zone, freeBlocks });
  }
  return zones;
}
