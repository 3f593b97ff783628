import { goFloat } from './go-numbers.js';
import { ParseError } from './parse-error.js';

export interface FileNr {
  /** File handles allocated now. */
  readonly allocated: number;
  /** The system-wide limit on file handles (fs.file-max). */
  readonly maximum: number;
}

/**
 * Parse /proc/sys/fs/file-nr: three tab-separated numbers, allocated, free (always 0 since
 * Linux 2.6) and maximum. Split on tabs as node_exporter does.
 */
export function parseFileNr(text: string): FileNr {
  const parts = text.trim().split('\t');
  if (parts.length < 3)
    throw new ParseError(`expected 3 tab-separated values, got ${parts.length}`, 1);
  const value = (raw: string, what: string): number => {
    const n = goFloat(raw);
    if (n === null) throw new ParseError(`${what}: expected a number, got "${raw}"`, 1);
    return n;
  };
  return {
    allocated: value(parts[0] as string, 'allocated'),
    maximum: value(parts[2] as string, 'maximum'),
  };
}
