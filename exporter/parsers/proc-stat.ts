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

/** The vectors of /proc/stat's `softirq` line, in the kernel's order, named as node_exporter. */
export const SOFTIRQ_VECTORS = [
  'hi',
  'timer',
  'net_tx',
  'net_rx',
  'block',
  'block_iopoll',
  'tasklet',
  'sched',
  'hrtimer',
  'rcu',
] as const;
export type SoftirqVector = (typeof SOFTIRQ_VECTORS)[number];

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
  /** Softirqs handled since boot, per vector (the `softirq` line after its total). */
  readonly softirqs?: Readonly<Record<SoftirqVector, number>>;
}

/** Single-value lines of /proc/stat and the field each fills. */
const SINGLE_VALUES: Readonly<Record<string, Exclude<keyof ProcStat, 'cpus' | 'softirqs'>>> = {
  btime: 'bootTime',
  ctxt: 'contextSwitches',
  processes: 'forks',
  intr: 'interrupts',
  procs_running: 'procsRunning',
  procs_blocked: 'procsBlocked',
};

/**
 * Parse /proc/stat. Columns a newer kernel appends are ignored; columns an older kernel
 * lacks (steal, guest, guest_nice) read as 0; fewer than the first four is an error. The
 * `softirq` line needs its total and the ten vectors (node_exporter rejects fewer too); a
 * vector a newer kernel appends is ignored.
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
    if (key === 'softirq') {
      if (fields.length < SOFTIRQ_VECTORS.length + 2)
        throw new ParseError(
          `softirq: expected a total and ${SOFTIRQ_VECTORS.length} vectors, got ${fields.length - 1} columns`,
          lineNo,
        );
      num(fields[1], 'softirq total', lineNo);
      const softirqs = {} as Record<SoftirqVector, number>;
      SOFTIRQ_VECTORS.forEach((vector, i) => {
        softirqs[vector] = num(fields[i + 2], `softirq ${vector}`, lineNo);
      });
      stat.softirqs = softirqs;
      continue;
    }
    const field = SINGLE_VALUES[key];
    if (field) stat[field] = num(fields[1], key, lineNo);
  }
  return stat;
}
