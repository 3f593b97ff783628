import { num, ParseError } from './parse-error.js';

/** Parse /proc/loadavg: the 1, 5 and 15 minute load averages. */
export function parseLoadavg(text: string): [number, number, number] {
  const fields = text.trim().split(/\s+/);
  if (fields.length < 3)
    throw new ParseError(`expected at least 3 fields, got ${fields.length}`, 1);
  return [num(fields[0], 'load1', 1), num(fields[1], 'load5', 1), num(fields[2], 'load15', 1)];
}
