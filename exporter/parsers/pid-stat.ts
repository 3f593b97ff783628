import { num } from './fields.js';
import { ParseError } from './parse-error.js';

/** The fields of /proc/<pid>/stat that vigil uses (proc(5) numbering in comments). */
export interface PidStat {
  readonly pid: number;
  /** (2) The command name, up to 15 bytes; may contain spaces and parentheses. */
  readonly comm: string;
  /** (3) One-letter state: R, S, D, Z, T, t, X, I, … */
  readonly state: string;
  /** (4) */
  readonly ppid: number;
  /** (9) Kernel flags; PF_KTHREAD marks kernel threads. */
  readonly flags: number;
  /** (12) Major page faults. */
  readonly majflt: number;
  /** (14), (15) Clock ticks in user and kernel mode. */
  readonly utime: number;
  readonly stime: number;
  /** (20) */
  readonly numThreads: number;
  /** (22) Clock ticks after boot at which the process started. */
  readonly starttime: number;
  /** (23) Virtual memory size in bytes; undefined on kernels that stop before it. */
  readonly vsize: number | undefined;
}

export const PF_KTHREAD = 0x00200000;

/**
 * Parse /proc/<pid>/stat. The command name sits between the first "(" and the last ")",
 * since it may itself contain ") ".
 */
export function parsePidStat(text: string): PidStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new ParseError('expected "pid (comm) state …"', 1);
  const rest = text
    .slice(close + 2)
    .trim()
    .split(' ');
  // rest[0] is field 3 (state), so field N is rest[N - 3].
  if (rest.length < 20)
    throw new ParseError(`expected at least 22 fields, got ${rest.length + 2}`, 1);
  const field = (n: number, what: string) => num(rest[n - 3], what, 1);
  return {
    pid: num(text.slice(0, open).trim(), 'pid', 1),
    comm: text.slice(open + 1, close),
    state: rest[0] as string,
    ppid: field(4, 'ppid'),
    flags: field(9, 'flags'),
    majflt: field(12, 'majflt'),
    utime: field(14, 'utime'),
    stime: field(15, 'stime'),
    numThreads: field(20, 'num_threads'),
    starttime: field(22, 'starttime'),
    vsize: rest.length > 20 ? field(23, 'vsize') : undefined,
  };
}
