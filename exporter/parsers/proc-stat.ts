import { num, numberedLines } from './fields.js';
import { ParseError } from './parse-error.js';

/** CPU time columns of /proc/stat, in the kernel's order, in USER_HZ ticks. */
export const CPU_MODES = [
  'user',
  'nice',
  'system',
  'idle',
  'iowait',
  'irq',
  'softirq',
  'steal',
  'guest',
  'guest_nice',
] as const;
export type CpuMode = (typeof CPU_MODES)[number];

export interface CpuTicks {
  /** `"0"`, `"1"`, …; the aggregate `cpu` line is not included. */
  readonly cpu: string;
  readonly ticks: Readonly<Record<CpuMode, number>>;
}

export interface ProcStat {
  readonly cpus: readonly CpuTicks[];
  readonly bootTime?: number;
  readonly contextSwitches?: number;
  readonly forks?: number;
  readonly interrupts?: number;
  readonly procsRunning?: number;
  readonly procsBlocked?: number;
}

/** Single-value lines of /proc/stat and the field each fills. */
const SINGLE_VALUES: Readonly<Record<string, Exclude<keyof ProcStat, 'cpus'>>> = {
  btime: 'bootTime',
  ctxt: 'contextSwitches',
  processes: 'forks',
  intr: 'interrupts',
  procs_running: 'procsRunning',
  procs_blocked: 'procsBlocked',
};

/**
 * Parse /proc/stat. Columns a newer kernel appends are ignored; columns an older kernel
 * lacks (steal, guest, guest_nice) read as 0; fewer than the first four is an error.
 */
export function parseProcStat(text: string): ProcStat {
  const cpus: CpuTicks[] = [];
  const stat: { -readonly [K in keyof ProcStat]: ProcStat[K] } = { cpus };
  for (const [line, lineNo] of numberedLines(text)) {
    const fields = line.trim().split(/\s+/);
    const key = fields[0] as string;
    if (key.startsWith('cpu')) {
      if (key === 'cpu') continue;
      if (fields.length < 5)
        throw new ParseError(
          `${key}: expected at least 4 time columns, got ${fields.length - 1}`,
          lineNo,
        );
      const ticks = {} as Record<CpuMode, number>;
      CPU_MODES.forEach((mode, i) => {
        const field = fields[i + 1];
        ticks[mode] = field === undefined ? 0 : num(field, `${key} ${mode}`, lineNo);
      });
      cpus.push({ cpu: key.slice(3), ticks });
      continue;
    }
    const field = SINGLE_VALUES[key];
    if (field) stat[field] = num(fields[1], key, lineNo);
  }
  return stat;
}
