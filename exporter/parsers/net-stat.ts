import { numberedLines } from './fields.js';
import { ParseError } from './parse-error.js';

export interface NetStatColumn {
  /** The header of the column, e.g. `entries` or `searched`. */
  readonly name: string;
  /** One value per row, in row order (the kernel writes one row per CPU). */
  readonly values: readonly number[];
}

const HEX = /^[0-9a-fA-F]+$/;
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * Parse one /proc/net/stat/<table> file (arp_cache, nf_conntrack, ...): a header line of column
 * names, then rows of hexadecimal counters. A row may be shorter than the header, not longer.
 * Each column's values are in row order; a name the header repeats gathers the values of all
 * its columns, row by row, as procfs does.
 */
export function parseNetStat(text: string): NetStatColumn[] {
  let headers: string[] | undefined;
  const columns = new Map<string, number[]>();
  for (const [line, lineNo] of numberedLines(text)) {
    const fields = line.trim().split(/\s+/);
    if (!headers) {
      headers = fields;
      for (const name of headers) columns.set(name, []);
      continue;
    }
    if (fields.length > headers.length)
      throw new ParseError(`${fields.length} values for ${headers.length} columns`, lineNo);
    fields.forEach((field, i) => {
      const name = headers?.[i] as string;
      if (!HEX.test(field))
        throw new ParseError(`${name}: expected a hexadecimal count, got "${field}"`, lineNo);
      const value = BigInt(`0x${field}`);
      if (value > UINT64_MAX) throw new ParseError(`${name}: "${field}" exceeds 64 bits`, lineNo);
      columns.get(name)?.push(Number(value));
    });
  }
  return [...columns].map(([name, values]) => ({ name, values }));
}
