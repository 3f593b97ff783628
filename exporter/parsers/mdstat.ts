import { goFloat, goInt64 } from './go-numbers.js';
import { goFields, goTrimSpace } from './go-strings.js';
import { ParseError } from './parse-error.js';

/** One md device of /proc/mdstat, as node_exporter 1.5 (procfs) reads it. */
export interface MdDevice {
  readonly name: string;
  /** `active`, `inactive`, or while syncing `recovering`, `resyncing` or `checking`. */
  readonly state: string;
  readonly disksActive: number;
  /** The number of disks the array requires. */
  readonly disksTotal: number;
  readonly disksFailed: number;
  readonly disksSpare: number;
  readonly blocksTotal: number;
  readonly blocksSynced: number;
}

// `.` of Go's regexp is any character but a newline; JavaScript's also stops at \r.
const STATUS_LINE = /(\d+) blocks [^\n]*\[(\d+)\/(\d+)\] \[([U_]+)\]/;
const RECOVERY_BLOCKS = /\((\d+)\/\d+\)/;
const RECOVERY_PCT = /= ([^\n]+)%/;
const RECOVERY_FINISH = /finish=([^\n]+)min/;
const RECOVERY_SPEED = /speed=([^\n]+)[A-Z]/;

const count = (text: string, what: string) => text.split(what).length - 1;

function int64(text: string, what: string, line: number): number {
  const value = goInt64(text);
  if (value === null) throw new ParseError(`${what}: expected an integer, got "${text}"`, line);
  return value;
}

/**
 * Parse /proc/mdstat as procfs 0.8 does for node_exporter 1.5: a device line (`md0 : active
 * raid1 sda1[0] sdb1[1](F)`) followed by its status line, an optional bitmap line and a
 * sync line. Raid0 and linear arrays count their disks from the device line; an inactive
 * array has no disk counts. A device entry with fewer than three lines after it is malformed.
 */
export function parseMdstat(text: string): MdDevice[] {
  const lines = text.split('\n');
  const devices: MdDevice[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const lineNo = i + 1;
    if (
      goTrimSpace(line) === '' ||
      line[0] === ' ' ||
      line.startsWith('Personalities') ||
      line.startsWith('unused')
    )
      continue;
    const fields = goFields(line);
    if (fields.length < 3)
      throw new ParseError(`expected a device line "mdN : state ...", got "${line}"`, lineNo);
    const name = fields[0] as string;
    let state = fields[2] as string;
    if (lines.length <= i + 3) throw new ParseError(`too few lines for md device ${name}`, lineNo);

    const statusLine = lines[i + 1] as string;
    const statusFields = goFields(statusLine);
    if (statusFields.length < 1) throw new ParseError(`missing status line of ${name}`, lineNo + 1);
    const size = int64(statusFields[0] as string, `block count of ${name}`, lineNo + 1);
    let active: number;
    let total: number;
    if (line.includes('raid0') || line.includes('linear')) {
      // Only the component disks carry a number in brackets on the device line.
      total = count(line, '[');
      active = total;
    } else if (line.includes('inactive')) {
      total = 0;
      active = 0;
    } else {
      const m = STATUS_LINE.exec(statusLine);
      if (!m)
        throw new ParseError(`unexpected status line of ${name}: "${statusLine}"`, lineNo + 1);
      total = int64(m[2] as string, `disk count of ${name}`, lineNo + 1);
      active = int64(m[3] as string, `active disk count of ${name}`, lineNo + 1);
    }

    let syncIdx = i + 2;
    if ((lines[i + 2] as string).includes('bitmap')) syncIdx++;
    const syncLine = lines[syncIdx] as string;
    let synced = size;
    const recovering = syncLine.includes('recovery');
    const resyncing = syncLine.includes('resync');
    const checking = syncLine.includes('check');
    if (recovering || resyncing || checking) {
      state = recovering ? 'recovering' : checking ? 'checking' : 'resyncing';
      if (syncLine.includes('PENDING') || syncLine.includes('DELAYED')) synced = 0;
      else synced = evalSyncLine(syncLine, name, syncIdx + 1);
    }

    devices.push({
      name,
      state,
      disksActive: active,
      disksTotal: total,
      disksFailed: count(line, '(F)'),
      disksSpare: count(line, '(S)'),
      blocksTotal: size,
      blocksSynced: synced,
    });
  }
  return devices;
}

/** The synced blocks of a sync line; its percentage, finish time and speed must parse too. */
function evalSyncLine(line: string, name: string, lineNo: number): number {
  const blocks = RECOVERY_BLOCKS.exec(line);
  if (!blocks) throw new ParseError(`unexpected sync line of ${name}: "${line}"`, lineNo);
  const synced = int64(blocks[1] as string, `synced blocks of ${name}`, lineNo);
  const floats: Array<[RegExp, string, (s: string) => string]> = [
    [RECOVERY_PCT, 'percentage', goTrimSpace],
    [RECOVERY_FINISH, 'finish time', (s) => s],
    [RECOVERY_SPEED, 'speed', (s) => s],
  ];
  for (const [re, what, prepare] of floats) {
    const m = re.exec(line);
    if (!m) throw new ParseError(`sync line of ${name} has no ${what}: "${line}"`, lineNo);
    if (goFloat(prepare(m[1] as string)) === null)
      throw new ParseError(`sync ${what} of ${name}: expected a number, got "${m[1]}"`, lineNo);
  }
  return synced;
}
