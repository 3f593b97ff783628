import { num, numberedLines } from './fields.js';
import { ParseError } from './parse-error.js';

export interface MeminfoField {
  /** Metric-safe key: `Active(anon)` becomes `Active_anon`. */
  readonly key: string;
  readonly value: number;
  /** True when the kernel gave a unit (kB), so the value is in bytes. */
  readonly bytes: boolean;
}

/** Parse /proc/meminfo into fields, in file order, with kB converted to bytes. */
export function parseMeminfo(text: string): MeminfoField[] {
  const fields: MeminfoField[] = [];
  for (const [line, lineNo] of numberedLines(text)) {
    const match = /^([^:\s]+):\s+(\S+)(?:\s+(\S+))?\s*$/.exec(line);
    if (!match) throw new ParseError(`expected "Key: value [kB]", got "${line}"`, lineNo);
    const [, rawKey, rawValue, unit] = match as unknown as [
      string,
      string,
      string,
      string | undefined,
    ];
    if (unit !== undefined && unit !== 'kB')
      throw new ParseError(`${rawKey}: unknown unit "${unit}"`, lineNo);
    const value = num(rawValue, rawKey, lineNo);
    const key = rawKey.replaceAll('(', '_').replaceAll(')', '');
    if (!/^\w+$/.test(key)) throw new ParseError(`"${rawKey}" is not a meminfo key`, lineNo);
    fields.push({ key, value: unit ? value * 1024 : value, bytes: unit !== undefined });
  }
  return fields;
}
