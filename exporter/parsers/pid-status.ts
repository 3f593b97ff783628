import { num, numberedLines } from './fields.js';
import { ParseError } from './parse-error.js';

/** The fields of /proc/<pid>/status that vigil uses; absent ones (kernel threads) are 0. */
export interface PidStatus {
  /** Real user id. */
  readonly uid: number;
  readonly vmRssBytes: number;
  readonly vmSizeBytes: number;
  readonly vmSwapBytes: number;
  readonly voluntaryCtxtSwitches: number;
  readonly nonvoluntaryCtxtSwitches: number;
}

/** The first number after "\nKey:"; 0 when the key is absent (kernel threads have no Vm lines). */
function field(text: string, key: string): number {
  const at = text.indexOf(`\n${key}:`);
  if (at < 0) return 0;
  const match = /^\s*(\d+)/.exec(text.slice(at + key.length + 2, at + key.length + 40));
  if (!match) throw new ParseError(`${key}: expected a number`);
  return Number(match[1]);
}

/**
 * Parse /proc/<pid>/status. It has some fifty lines and a scrape reads it for every process,
 * so the six fields used are looked up directly rather than by walking every line.
 */
export function parsePidStatus(text: string): PidStatus {
  return {
    uid: field(text, 'Uid'),
    vmRssBytes: field(text, 'VmRSS') * 1024,
    vmSizeBytes: field(text, 'VmSize') * 1024,
    vmSwapBytes: field(text, 'VmSwap') * 1024,
    voluntaryCtxtSwitches: field(text, 'voluntary_ctxt_switches'),
    nonvoluntaryCtxtSwitches: field(text, 'nonvoluntary_ctxt_switches'),
  };
}

/** /proc/<pid>/io: bytes the process caused to be read from and written to storage. */
export function parsePidIo(text: string): { readBytes: number; writeBytes: number } {
  let readBytes = 0;
  let writeBytes = 0;
  for (const [line, lineNo] of numberedLines(text)) {
    if (line.startsWith('read_bytes:'))
      readBytes = num(line.slice(11).trim(), 'read_bytes', lineNo);
    else if (line.startsWith('write_bytes:'))
      writeBytes = num(line.slice(12).trim(), 'write_bytes', lineNo);
  }
  return { readBytes, writeBytes };
}

/** The soft "Max open files" limit from /proc/<pid>/limits; undefined when unlimited. */
export function parseMaxOpenFiles(text: string): number | undefined {
  const match = /^Max open files\s+(\S+)/m.exec(text);
  const value = Number(match?.[1]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
