import { num } from './fields.js';
import { ParseError } from './parse-error.js';

export interface LoadAverages {
  readonly load1: number;
  readonly load5: number;
  readonly load15: number;
}

/** Parse /proc/loadavg: the 1, 5 and 15 minute load averages. */
export function parseLoadavg(text: string): LoadAverages {
  const fields = text.trim().split(/\s+/);
  if (fields.length < 3)
    throw new ParseError(`expected at least 3 fields, got ${fields.length}`, 1);
  return {
    load1: num(fields[0], 'load1', 1),
    load5: num(fields[1], 'load5', 1),
    load15: num(fields[2], 'load15', 1),
  };
}
