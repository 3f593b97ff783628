import { goUint } from './go-numbers.js';
import { ParseError } from './parse-error.js';

/** One row of /proc/net/softnet_stat, the counters of one CPU's softnet_data. */
export interface SoftnetRow {
  /** The row's position in the file, which node_exporter 1.5 reports as the CPU. */
  readonly index: number;
  /** Packets processed (frames taken off the backlog). */
  readonly processed: number;
  /** Packets dropped because the backlog was full. */
  readonly dropped: number;
  /** Times net_rx_action stopped with work left (budget or time ran out). */
  readonly timeSqueezed: number;
}

/** Kernels since 2.6.23 print at least nine columns. */
const MIN_COLUMNS = 9;

/**
 * Parse /proc/net/softnet_stat: one line per online CPU of 32-bit hexadecimal counters. Only
 * the first three columns are read (all node_exporter 1.5 exposes), the later ones vary with
 * the kernel version; a line of fewer than nine columns is malformed.
 */
export function parseSoftnetStat(text: string): SoftnetRow[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, i) => {
    const lineNo = i + 1;
    const columns = line.trim().split(/\s+/).filter(Boolean);
    if (columns.length < MIN_COLUMNS)
      throw new ParseError(
        `expected at least ${MIN_COLUMNS} columns, got ${columns.length}`,
        lineNo,
      );
    const counter = (column: number, what: string): number => {
      const raw = columns[column] as string;
      const value = goUint(raw, 16, 32);
      if (value === null)
        throw new ParseError(`${what}: expected a 32-bit hex counter, got "${raw}"`, lineNo);
      return value;
    };
    return {
      index: i,
      processed: counter(0, 'processed'),
      dropped: counter(1, 'dropped'),
      timeSqueezed: counter(2, 'time_squeeze'),
    };
  });
}
