import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { gauge, single } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { parsePidStat } from '../parsers/pid-stat.js';

/**
 * The exporter's own process_* and nodejs_* metrics, under prom-client's default names.
 * prom-client's collectDefaultMetrics costs about 2.5 ms of CPU per scrape (event-loop
 * histogram statistics, handle lists, heap-space tables), a third of a whole host scrape, so
 * vigil reads the handful that matter for watching an exporter directly.
 */
export class SelfMetrics {
  private readonly startTime = Math.round(Date.now() / 1000 - process.uptime());
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private readonly limits = readLimits();

  constructor() {
    this.loopDelay.enable();
  }

  families(): MetricFamily[] {
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    const families: MetricFamily[] = [
      single(
        'process_cpu_user_seconds_total',
        'Total user CPU time spent in seconds.',
        'counter',
        cpu.user / 1e6,
      ),
      single(
        'process_cpu_system_seconds_total',
        'Total system CPU time spent in seconds.',
        'counter',
        cpu.system / 1e6,
      ),
      single(
        'process_cpu_seconds_total',
        'Total user and system CPU time spent in seconds.',
        'counter',
        (cpu.user + cpu.system) / 1e6,
      ),
      single(
        'process_start_time_seconds',
        'Start time of the process since unix epoch in seconds.',
        'gauge',
        this.startTime,
      ),
      single(
        'process_resident_memory_bytes',
        'Resident memory size in bytes.',
        'gauge',
        memory.rss,
      ),
      single(
        'nodejs_heap_size_total_bytes',
        'Process heap size from Node.js in bytes.',
        'gauge',
        memory.heapTotal,
      ),
      single(
        'nodejs_heap_size_used_bytes',
        'Process heap size used from Node.js in bytes.',
        'gauge',
        memory.heapUsed,
      ),
      single(
        'nodejs_external_memory_bytes',
        'Node.js external memory size in bytes.',
        'gauge',
        memory.external,
      ),
      // Percentiles since the previous scrape: the exporter's own responsiveness.
      single(
        'nodejs_eventloop_lag_p99_seconds',
        'The 99th percentile of event loop delays since the last scrape.',
        'gauge',
        this.loopDelay.percentile(99) / 1e9,
      ),
      single(
        'nodejs_eventloop_lag_max_seconds',
        'The maximum event loop delay since the last scrape.',
        'gauge',
        this.loopDelay.max / 1e9,
      ),
      gauge('nodejs_version_info', 'Node.js version info.')
        .add(1, { version: process.version, major: String(process.versions.node.split('.')[0]) })
        .build(),
    ];
    this.loopDelay.reset();
    const fds = countOpenFds();
    if (fds !== undefined)
      families.push(single('process_open_fds', 'Number of open file descriptors.', 'gauge', fds));
    const { maxFds, maxAddressSpace } = this.limits;
    if (maxFds !== undefined)
      families.push(
        single('process_max_fds', 'Maximum number of open file descriptors.', 'gauge', maxFds),
      );
    // What node_exporter dashboards read about the exporter's own memory.
    const vsize = virtualMemory();
    if (vsize !== undefined)
      families.push(
        single('process_virtual_memory_bytes', 'Virtual memory size in bytes.', 'gauge', vsize),
      );
    if (maxAddressSpace !== undefined)
      families.push(
        single(
          'process_virtual_memory_max_bytes',
          'Maximum amount of virtual memory available in bytes.',
          'gauge',
          maxAddressSpace,
        ),
      );
    return families;
  }
}

/** The exporter's virtual memory size, as client_golang's process collector reports it. */
function virtualMemory(): number | undefined {
  try {
    return parsePidStat(readFileSync('/proc/self/stat', 'utf8')).vsize;
  } catch {
    return undefined;
  }
}

function countOpenFds(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
}

/** Soft limits from /proc/self/limits; "unlimited" reads as 2^64 - 1, as Go's procfs reads it. */
function readLimits(): { maxFds?: number; maxAddressSpace?: number } {
  let text: string;
  try {
    text = readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return {};
  }
  const soft = (label: string): number | undefined => {
    const match = new RegExp(`^${label}\\s+(\\S+)`, 'm').exec(text);
    if (!match) return undefined;
    return match[1] === 'unlimited' ? 2 ** 64 - 1 : Number(match[1]);
  };
  return { maxFds: soft('Max open files'), maxAddressSpace: soft('Max address space') };
}
