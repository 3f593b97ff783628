import { num, numberedLines } from './fields.js';
import { ParseError } from './parse-error.js';

export interface PressureLine {
  readonly avg10: number;
  readonly avg60: number;
  readonly avg300: number;
  /** Total stall time in microseconds. */
  readonly total: number;
}

export interface Pressure {
  readonly some?: PressureLine;
  readonly full?: PressureLine;
}

/** Parse a /proc/pressure/{cpu,io,memory} file. */
export function parsePressure(text: string): Pressure {
  const result: { some?: PressureLine; full?: PressureLine } = {};
  for (const [line, lineNo] of numberedLines(text)) {
    const [kind, ...pairs] = line.trim().split(/\s+/);
    if (kind !== 'some' && kind !== 'full')
      throw new ParseError(`expected "some" or "full", got "${kind}"`, lineNo);
    const values = new Map(pairs.map((p) => p.split('=') as [string, string]));
    result[kind] = {
      avg10: num(values.get('avg10'), `${kind} avg10`, lineNo),
      avg60: num(values.get('avg60'), `${kind} avg60`, lineNo),
      avg300: num(values.get('avg300'), `${kind} avg300`, lineNo),
      total: num(values.get('total'), `${kind} total`, lineNo),
    };
  }
  return result;
}
