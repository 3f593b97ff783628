import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defineCollector, isAbsent } from '../core/collector.js';
import { gauge } from '../exposition/family.js';
import { parseSysUint } from '../parsers/sys-uint.js';
import { parseSource, readText } from './source.js';

/** The kHz files of cpufreq, as node_exporter 1.5 exposes them (in hertz). */
const FILES = [
  ['cpuinfo_cur_freq', 'node_cpu_frequency_hertz', 'Current cpu thread frequency in hertz.'],
  ['cpuinfo_min_freq', 'node_cpu_frequency_min_hertz', 'Minimum cpu thread frequency in hertz.'],
  ['cpuinfo_max_freq', 'node_cpu_frequency_max_hertz', 'Maximum cpu thread frequency in hertz.'],
  [
    'scaling_cur_freq',
    'node_cpu_scaling_frequency_hertz',
    'Current scaled CPU thread frequency in hertz.',
  ],
  [
    'scaling_min_freq',
    'node_cpu_scaling_frequency_min_hertz',
    'Minimum scaled CPU thread frequency in hertz.',
  ],
  [
    'scaling_max_freq',
    'node_cpu_scaling_frequency_max_hertz',
    'Maximum scaled CPU thread frequency in hertz.',
  ],
] as const;

/** Text files node_exporter 1.5 (procfs 0.8) reads for every CPU and fails without. */
const REQUIRED = [
  'scaling_available_governors',
  'scaling_driver',
  'scaling_governor',
  'related_cpus',
  'scaling_setspeed',
];

/** A frequency file in kHz; null when absent or not readable (skipped, as node_exporter does). */
function readKhz(path: string): number | null {
  let text: string;
  try {
    text = readText(path);
  } catch (err) {
    if (isAbsent(err) || (err as NodeJS.ErrnoException).code === 'EACCES') return null;
    throw err;
  }
  return parseSource(path, text, parseSysUint);
}

export const cpufreqCollector = defineCollector({
  name: 'cpufreq',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'CPU frequencies from /sys/devices/system/cpu/cpu*/cpufreq.',
  create: ({ paths }) => ({
    async collect() {
      const base = join(paths.sysfs, 'devices/system/cpu');
      let names: string[];
      try {
        names = readdirSync(base)
          .filter((n) => /^cpu[0-9]/.test(n))
          .sort();
      } catch (err) {
        if (isAbsent(err)) return [];
        throw err;
      }
      const families = FILES.map(([, name, help]) => gauge(name, help));
      for (const entry of names) {
        const dir = join(base, entry, 'cpufreq');
        try {
          statSync(dir);
        } catch (err) {
          if (isAbsent(err)) continue;
          throw err;
        }
        const cpu = entry.slice('cpu'.length);
        const values = FILES.map(([file]) => readKhz(join(dir, file)));
        for (const file of REQUIRED) readText(join(dir, file));
        values.forEach((khz, i) => {
          if (khz !== null) families[i]?.add(khz * 1000, { cpu });
        });
      }
      return families.filter((f) => f.size > 0).map((f) => f.build());
    },
  }),
});
