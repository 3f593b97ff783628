import { num, numberedLines } from './fields.js';
import { ParseError } from './parse-error.js';

/** One `cpuN` line of /proc/schedstat (Documentation/scheduler/sched-stats.rst, version 15+). */
export interface SchedstatCpu {
  /** `"0"`, `"1"`, …: the number after `cpu`. */
  readonly cpu: string;
  /** Field 7: time spent running tasks on this CPU, in nanoseconds. */
  readonly runningNanoseconds: number;
  /** Field 8: time tasks spent waiting to run on this CPU, in nanoseconds. */
  readonly waitingNanoseconds: number;
  /** Field 9: timeslices run on this CPU. */
  readonly timeslices: number;
}

const CPU_LINE = /^cpu(\d+)$/;
const CPU_FIELDS = 9;

/**
 * Parse /proc/schedstat, keeping the per-CPU lines: `version`, `timestamp` and the `domainN`
 * lines are skipped. A CPU line needs its nine counters (a newer kernel's extra ones are
 * ignored); fewer, or one that is not a number, is malformed.
 */
export function parseSchedstat(text: string): SchedstatCpu[] {
  const cpus: SchedstatCpu[] = [];
  for (const [line, lineNo] of numberedLines(text)) {
    const fields = line.trim().split(/\s+/);
    const match = CPU_LINE.exec(fields[0] as string);
    if (!match) continue;
    const key = fields[0] as string;
    if (fields.length < CPU_FIELDS + 1)
      throw new ParseError(
        `${key}: expected ${CPU_FIELDS} counters, got ${fields.length - 1}`,
        lineNo,
      );
    const counters = fields.slice(1, CPU_FIELDS + 1).map((f, i) => {
      if (!/^\d+$/.test(f))
        throw new ParseError(`${key} field ${i + 1}: expected a counter, got "${f}"`, lineNo);
      return num(f, `${key} field ${i + 1}`, lineNo);
    });
    cpus.push({
      cpu: match[1] as string,
      runningNanoseconds: counters[6] as number,
      waitingNanoseconds: counters[7] as number,
      timeslices: counters[8] as number,
    });
  }
  return cpus;
}
