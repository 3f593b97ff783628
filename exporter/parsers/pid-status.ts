import { num, numberedLines } from './parse-error.js';

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

export function parsePidStatus(text: string): PidStatus {
  const status = {
    uid: 0,
    vmRssBytes: 0,
    vmSizeBytes: 0,
    vmSwapBytes: 0,
    voluntaryCtxtSwitches: 0,
    nonvoluntaryCtxtSwitches: 0,
  };
  for (const [line, lineNo] of numberedLines(text)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    switch (key) {
      case 'Uid':
        status.uid = num(value.split(/\s+/)[0], 'Uid', lineNo);
        break;
      case 'VmRSS':
        status.vmRssBytes = num(value.split(/\s+/)[0], 'VmRSS', lineNo) * 1024;
        break;
      case 'VmSize':
        status.vmSizeBytes = num(value.split(/\s+/)[0], 'VmSize', lineNo) * 1024;
        break;
      case 'VmSwap':
        status.vmSwapBytes = num(value.split(/\s+/)[0], 'VmSwap', lineNo) * 1024;
        break;
      case 'voluntary_ctxt_switches':
        status.voluntaryCtxtSwitches = num(value, key, lineNo);
        break;
      case 'nonvoluntary_ctxt_switches':
        status.nonvoluntaryCtxtSwitches = num(value, key, lineNo);
        break;
    }
  }
  return status;
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
