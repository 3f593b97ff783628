import { ParseError } from './parse-error.js';

export interface ArpEntry {
  readonly ipAddress: string;
  readonly hwAddress: string;
  /** The interface the neighbour was seen on. */
  readonly device: string;
}

/** IP address, HW type, Flags, HW address, Mask, Device. */
const MIN_COLUMNS = 6;

/**
 * Parse /proc/net/arp: a header line (first column `IP`), then one IPv4 neighbour a line.
 * As node_exporter 1.5 does, the device is the last column, and every line, blank ones
 * included, must have at least six columns.
 */
export function parseArp(text: string): ArpEntry[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const entries: ArpEntry[] = [];
  lines.forEach((line, i) => {
    const columns = line.trim().split(/\s+/).filter(Boolean);
    if (columns.length < MIN_COLUMNS)
      throw new ParseError(
        `expected at least ${MIN_COLUMNS} columns, got ${columns.length}`,
        i + 1,
      );
    if (columns[0] === 'IP') return;
    entries.push({
      ipAddress: columns[0] as string,
      hwAddress: columns[3] as string,
      device: columns[columns.length - 1] as string,
    });
  });
  return entries;
}
