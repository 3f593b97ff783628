import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { counter } from '../exposition/family.js';
import { CPU_MODES, type CpuMode, parseProcStat } from '../parsers/proc-stat.js';
import { hasProcfs, osCpuSeconds } from './fallback.js';
import { parseSource, readText } from './source.js';

/** USER_HZ: the unit of /proc/stat times, 100 on every Linux architecture in use. */
const USER_HZ = 100;
/** node_cpu_seconds_total leaves guest time to its own family, as node_exporter does. */
const SECONDS_MODES = CPU_MODES.filter((m) => m !== 'guest' && m !== 'guest_nice');
/** A drop larger than this means the CPU went offline and back; smaller drops are kernel noise. */
const RESET_THRESHOLD_SECONDS = 3;

/**
 * Some kernels let idle and iowait tick backwards by a little (NO_HZ accounting). A counter
 * must not decrease, so a small step back keeps the previous value, as node_exporter does.
 */
export class MonotonicCpuTimes {
  private readonly last = new Map<string, number>();

  value(cpu: string, mode: string, seconds: number): number {
    const key = `${cpu}\u0000${mode}`;
    const previous = this.last.get(key);
    if (
      previous !== undefined &&
      seconds < previous &&
      previous - seconds < RESET_THRESHOLD_SECONDS
    ) {
      return previous;
    }
    this.last.set(key, seconds);
    return seconds;
  }
}

export const cpuCollector = defineCollector({
  name: 'cpu',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Seconds each CPU spent in each mode (/proc/stat).',
  create: ({ paths }) => {
    const monotonic = new MonotonicCpuTimes();
    return {
      async collect() {
        const seconds = counter('node_cpu_seconds_total', 'Seconds the CPUs spent in each mode.');
        if (!(await hasProcfs(paths.procfs))) {
          for (const { cpu, mode, seconds: s } of osCpuSeconds())
            seconds.add(monotonic.value(cpu, mode, s), { cpu, mode });
          return [seconds.build()];
        }
        const path = join(paths.procfs, 'stat');
        const stat = parseSource(path, readText(path), parseProcStat);
        const guest = counter(
          'node_cpu_guest_seconds_total',
          'Seconds the CPUs spent in guests (VMs) for each mode.',
        );
        for (const { cpu, ticks } of stat.cpus) {
          for (const mode of SECONDS_MODES) {
            seconds.add(monotonic.value(cpu, mode, ticks[mode as CpuMode] / USER_HZ), {
              cpu,
              mode,
            });
          }
          guest.add(monotonic.value(cpu, 'guest_user', ticks.guest / USER_HZ), {
            cpu,
            mode: 'user',
          });
          guest.add(monotonic.value(cpu, 'guest_nice', ticks.guest_nice / USER_HZ), {
            cpu,
            mode: 'nice',
          });
        }
        return [seconds.build(), guest.build()];
      },
    };
  },
});
