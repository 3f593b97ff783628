import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { pattern } from '../config/fields.js';
import { defineCollector } from '../core/collector.js';
import { counter, gauge } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { type CpuinfoLayout, cpuinfoLayout, parseCpuinfo } from '../parsers/cpuinfo.js';
import { ParseError } from '../parsers/parse-error.js';
import { CPU_MODES, type CpuMode, parseProcStat } from '../parsers/proc-stat.js';
import { parseCpuList } from '../parsers/sys-cpu.js';
import { parseSysUintBig } from '../parsers/sys-uint.js';
import { hasProcfs, osCpuSeconds } from './fallback.js';
import { parseSource, readExtra, readOptional, readText } from './source.js';

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

/** The `collectors.cpu:` section: node_exporter 1.5's --collector.cpu.* flags. */
export const cpuSection = z
  .strictObject({
    guest: z.boolean().default(true),
    info: z.boolean().default(false),
    info_flags_include: pattern.default(''),
    info_bugs_include: pattern.default(''),
  })
  .prefault({});

export type CpuSettings = z.output<typeof cpuSection>;

/**
 * node_cpu_info for every CPU of /proc/cpuinfo, and node_cpu_flag_info / node_cpu_bug_info
 * for the first CPU's flags and bugs that match their pattern (none without a pattern).
 */
function cpuInfoFamilies(
  text: string,
  settings: Pick<CpuSettings, 'info_flags_include' | 'info_bugs_include'>,
  layout: CpuinfoLayout,
): MetricFamily[] {
  const cpus = parseCpuinfo(text, layout);
  const info = gauge('node_cpu_info', 'CPU information from /proc/cpuinfo.');
  for (const cpu of cpus) {
    info.add(1, {
      package: cpu.physicalId,
      core: cpu.coreId,
      cpu: String(cpu.processor),
      vendor: cpu.vendorId,
      family: cpu.cpuFamily,
      model: cpu.model,
      model_name: cpu.modelName,
      microcode: cpu.microcode,
      stepping: cpu.stepping,
      cachesize: cpu.cacheSize,
    });
  }
  const families = info.size > 0 ? [info.build()] : [];
  const first = cpus[0];
  const fields = [
    ['node_cpu_flag_info', 'flags', 'flag', settings.info_flags_include, first?.flags],
    ['node_cpu_bug_info', 'bugs', 'bug', settings.info_bugs_include, first?.bugs],
  ] as const;
  for (const [name, field, label, include, values] of fields) {
    if (include === '' || !values) continue;
    const keep = new RegExp(include);
    const family = gauge(
      name,
      `The \`${field}\` field of CPU information from /proc/cpuinfo taken from the first core.`,
    );
    for (const value of values) if (keep.test(value)) family.add(1, { [label]: value });
    if (family.size > 0) families.push(family.build());
  }
  return families;
}

/** An unsigned decimal sysfs value, or null when the file is absent, unreadable or malformed. */
function readSysfsUint(path: string): bigint | null {
  const text = readExtra(path);
  if (text === null) return null;
  try {
    return parseSysUintBig(text);
  } catch (err) {
    if (err instanceof ParseError) return null;
    throw err;
  }
}

/**
 * node_cpu_package_throttles_total and node_cpu_core_throttles_total from
 * <sysfs>/devices/system/cpu/cpu<N>/thermal_throttle, as node_exporter 1.5 reads them: CPUs
 * in name order, each (package, core) and each package counted from the first CPU that has
 * the file; a CPU without a topology is skipped.
 */
function throttleFamilies(sysfs: string): MetricFamily[] {
  const base = join(sysfs, 'devices/system/cpu');
  let names: string[];
  try {
    names = readdirSync(base)
      .filter((n) => /^cpu[0-9]/.test(n))
      .sort();
  } catch {
    return [];
  }
  const packages = new Map<string, bigint>();
  const cores = new Map<string, Map<string, bigint>>();
  for (const name of names) {
    const dir = join(base, name);
    // Virtual machines have no thermal_throttle: one probe a CPU instead of two topology reads
    // and two failed ones.
    if (!existsSync(join(dir, 'thermal_throttle'))) continue;
    const pkg = readSysfsUint(join(dir, 'topology/physical_package_id'));
    if (pkg === null) continue;
    const core = readSysfsUint(join(dir, 'topology/core_id'));
    if (core === null) continue;
    const pkgId = pkg.toString();
    const coreId = core.toString();
    let coreCounts = cores.get(pkgId);
    if (!coreCounts) {
      coreCounts = new Map();
      cores.set(pkgId, coreCounts);
    }
    if (!coreCounts.has(coreId)) {
      const count = readSysfsUint(join(dir, 'thermal_throttle/core_throttle_count'));
      if (count !== null) coreCounts.set(coreId, count);
    }
    if (!packages.has(pkgId)) {
      const count = readSysfsUint(join(dir, 'thermal_throttle/package_throttle_count'));
      if (count !== null) packages.set(pkgId, count);
    }
  }
  const packageThrottles = counter(
    'node_cpu_package_throttles_total',
    'Number of times this CPU package has been throttled.',
  );
  for (const [pkg, count] of packages) packageThrottles.add(Number(count), { package: pkg });
  const coreThrottles = counter(
    'node_cpu_core_throttles_total',
    'Number of times this CPU core has been throttled.',
  );
  for (const [pkg, coreCounts] of cores)
    for (const [core, count] of coreCounts)
      coreThrottles.add(Number(count), { package: pkg, core });
  return [packageThrottles, coreThrottles].filter((f) => f.size > 0).map((f) => f.build());
}

/** node_cpu_isolated from <sysfs>/devices/system/cpu/isolated; none when the file is absent. */
function isolatedFamilies(sysfs: string): MetricFamily[] {
  const path = join(sysfs, 'devices/system/cpu/isolated');
  const text = readOptional(path);
  if (text === null) return [];
  const isolated = gauge(
    'node_cpu_isolated',
    'Whether each core is isolated, information from /sys/devices/system/cpu/isolated.',
  );
  for (const cpu of parseSource(path, text, parseCpuList)) isolated.add(1, { cpu: String(cpu) });
  return isolated.size > 0 ? [isolated.build()] : [];
}

export const cpuCollector = defineCollector<CpuSettings>({
  name: 'cpu',
  defaultEnabled: true,
  nodeExporter: true,
  description:
    'Seconds each CPU spent in each mode (/proc/stat), thermal throttles and isolated CPUs (/sys/devices/system/cpu), and with --collector.cpu.info, /proc/cpuinfo.',
  section: ['collectors', 'cpu'],
  flags: [
    {
      name: 'guest',
      key: 'guest',
      type: 'boolean',
      default: true,
      help: 'Expose node_cpu_guest_seconds_total (collectors.cpu.guest).',
    },
    {
      name: 'info',
      key: 'info',
      type: 'boolean',
      default: false,
      help: 'Expose node_cpu_info from /proc/cpuinfo (collectors.cpu.info).',
    },
    {
      name: 'info.flags-include',
      key: 'info_flags_include',
      type: 'pattern',
      default: '',
      help: "Regexp of the first CPU's /proc/cpuinfo flags to expose as node_cpu_flag_info; setting it turns on collectors.cpu.info (collectors.cpu.info_flags_include).",
    },
    {
      name: 'info.bugs-include',
      key: 'info_bugs_include',
      type: 'pattern',
      default: '',
      help: "Regexp of the first CPU's /proc/cpuinfo bugs to expose as node_cpu_bug_info; setting it turns on collectors.cpu.info (collectors.cpu.info_bugs_include).",
    },
  ],
  create: ({ paths, settings }) => {
    const monotonic = new MonotonicCpuTimes();
    const layout = cpuinfoLayout(process.arch);
    return {
      async collect() {
        const seconds = counter('node_cpu_seconds_total', 'Seconds the CPUs spent in each mode.');
        if (!(await hasProcfs(paths.procfs))) {
          for (const { cpu, mode, seconds: s } of osCpuSeconds())
            seconds.add(monotonic.value(cpu, mode, s), { cpu, mode });
          return [seconds.build()];
        }
        const s = settings();
        const families: MetricFamily[] = [];
        // As node_exporter, a pattern for flags or bugs turns the info on; and as there, a
        // /proc/cpuinfo that cannot be read fails the collector.
        if (s.info || s.info_flags_include !== '' || s.info_bugs_include !== '') {
          const path = join(paths.procfs, 'cpuinfo');
          const text = readText(path);
          families.push(...parseSource(path, text, (t) => cpuInfoFamilies(t, s, layout)));
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
        families.push(seconds.build());
        if (s.guest) families.push(guest.build());
        families.push(...isolatedFamilies(paths.sysfs), ...throttleFamilies(paths.sysfs));
        return families;
      },
    };
  },
});
