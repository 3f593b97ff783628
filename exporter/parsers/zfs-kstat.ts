import { goUint } from './go-numbers.js';
import { ParseError } from './parse-error.js';

/**
 * ZFS on Linux's kstat files under /proc/spl/kstat/zfs, read as node_exporter 1.5 reads them.
 * A named kstat (arcstats, zil, a pool's objset-*) is a header line, a `name type data` line,
 * then one `name type value` row per statistic; only rows of type 4 (KSTAT_DATA_UINT64) are
 * read. A pool's io file is a header line, a row of column names starting with `nread`, then
 * a row of values.
 */

/** One kstat statistic: its name as the kernel prints it, and its value. */
export interface KstatValue {
  readonly name: string;
  readonly value: number;
}

/** One statistic of a pool's objset-* file, with the dataset named before it (if any). */
export interface ObjsetValue extends KstatValue {
  /** The `dataset_name` row's value; null for a statistic printed before it. */
  readonly dataset: string | null;
}

/** KSTAT_DATA_UINT64, the only type node_exporter 1.5 reads. */
const KSTAT_DATA_UINT64 = '4';

function lines(text: string): string[] {
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  return all;
}

function fields(line: string): string[] {
  return line.trim().split(/\s+/).filter(Boolean);
}

function uint(text: string, what: string, lineNo: number): number {
  const value = goUint(text, 10, 64);
  if (value === null)
    throw new ParseError(`${what}: expected an unsigned integer, got "${text}"`, lineNo);
  return value;
}

function isHeader(parts: readonly string[]): boolean {
  return parts.length === 3 && parts[0] === 'name' && parts[1] === 'type' && parts[2] === 'data';
}

/** The rows after the `name type data` line, as [fields, line number]; throws without one. */
function* namedRows(text: string): Generator<[parts: string[], lineNo: number]> {
  let started = false;
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const parts = fields(all[i] as string);
    if (!started) {
      started = isHeader(parts);
      continue;
    }
    // Shorter rows (blank lines, a truncated row) are skipped, as node_exporter does.
    if (parts.length >= 3) yield [parts, i + 1];
  }
  if (!started) throw new ParseError('no "name type data" line', all.length || 1);
}

/** Parse a named kstat file (arcstats, dmu_tx, zil, ...): its uint64 statistics. */
export function parseKstat(text: string): KstatValue[] {
  const out: KstatValue[] = [];
  for (const [parts, lineNo] of namedRows(text)) {
    const [name, type, data] = parts as [string, string, string];
    if (type === KSTAT_DATA_UINT64) out.push({ name, value: uint(data, name, lineNo) });
  }
  return out;
}

/** Parse a pool's objset-* file: its uint64 statistics, each with the dataset named so far. */
export function parseZfsObjset(text: string): ObjsetValue[] {
  const out: ObjsetValue[] = [];
  let dataset: string | null = null;
  for (const [parts, lineNo] of namedRows(text)) {
    const [name, type, data] = parts as [string, string, string];
    if (name === 'dataset_name') {
      dataset = data;
    } else if (type === KSTAT_DATA_UINT64) {
      out.push({ name, value: uint(data, name, lineNo), dataset });
    }
  }
  return out;
}

/**
 * Parse a pool's io file: each value row after the column names, paired with them. A file
 * without a column row of at least 12 names starting with `nread` gives nothing.
 */
export function parseZpoolIo(text: string): KstatValue[] {
  const out: KstatValue[] = [];
  let columns: string[] | null = null;
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const lineNo = i + 1;
    const parts = fields(all[i] as string);
    if (columns === null) {
      if (parts.length >= 12 && parts[0] === 'nread') columns = parts;
      continue;
    }
    if (parts.length < columns.length)
      throw new ParseError(
        `expected ${columns.length} values, one per column, got ${parts.length}`,
        lineNo,
      );
    columns.forEach((name, c) => {
      out.push({ name, value: uint(parts[c] as string, name, lineNo) });
    });
  }
  return out;
}

/** Parse a pool's state file: its first line, lower-cased (`online`, `degraded`, ...). */
export function parseZpoolState(text: string): string {
  const first = text.split('\n')[0] as string;
  return first.replace(/\r$/, '').toLowerCase();
}
