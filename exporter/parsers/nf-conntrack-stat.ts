import { goUintBig } from './go-numbers.js';
import { ParseError } from './parse-error.js';

/**
 * One CPU's row of /proc/net/stat/nf_conntrack, the counters node_exporter 1.5 reads. They are
 * 64-bit event counts, kept exact (bigint) so that sums wrap as the kernel's and Go's do.
 */
export interface ConntrackStatRow {
  readonly found: bigint;
  readonly invalid: bigint;
  readonly ignore: bigint;
  readonly insert: bigint;
  readonly insertFailed: bigint;
  readonly drop: bigint;
  readonly earlyDrop: bigint;
  readonly searchRestart: bigint;
}

/** entries searched found new invalid ignore delete delete_list insert insert_failed drop
 * early_drop icmp_error expect_new expect_create expect_delete search_restart */
const COLUMNS = 17;

/**
 * Parse /proc/net/stat/nf_conntrack: a header line, then one row per CPU of 17 hexadecimal
 * columns. The first line is taken as the header whatever it says, as node_exporter does.
 */
export function parseNfConntrackStat(text: string): ConntrackStatRow[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(1).map((line, i) => {
    const lineNo = i + 2;
    const columns = line.trim().split(/\s+/).filter(Boolean);
    if (columns.length !== COLUMNS)
      throw new ParseError(`expected ${COLUMNS} columns, got ${columns.length}`, lineNo);
    const values = columns.map((raw) => {
      const value = goUintBig(raw, 16, 64);
      if (value === null)
        throw new ParseError(`expected a 64-bit hex counter, got "${raw}"`, lineNo);
      return value;
    });
    const at = (column: number) => values[column] as bigint;
    return {
      found: at(2),
      invalid: at(4),
      ignore: at(5),
      insert: at(8),
      insertFailed: at(9),
      drop: at(10),
      earlyDrop: at(11),
      searchRestart: at(16),
    };
  });
}
