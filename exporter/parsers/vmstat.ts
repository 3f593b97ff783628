import { numberedLines } from './fields.js';
import { goFloat } from './go-numbers.js';
import { ParseError } from './parse-error.js';

export interface VmstatField {
  /** The kernel's name for the counter, e.g. `pgfault`. */
  readonly key: string;
  /** As the kernel prints it: event counts or pages, depending on the field. */
  readonly value: number;
}

/**
 * Parse /proc/vmstat: one `name value` pair a line, in file order. Every line must carry a
 * number, as node_exporter requires even of the fields it then filters out; columns after the
 * value are ignored.
 */
export function parseVmstat(text: string): VmstatField[] {
  const fields: VmstatField[] = [];
  for (const [line, lineNo] of numberedLines(text)) {
    const [key, raw] = line.trim().split(/\s+/);
    if (key === undefined || raw === undefined)
      throw new ParseError(`expected "name value", got "${line.trim()}"`, lineNo);
    const value = goFloat(raw);
    if (value === null) throw new ParseError(`${key}: expected a number, got "${raw}"`, lineNo);
    fields.push({ key, value });
  }
  return fields;
}
