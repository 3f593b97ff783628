import { join } from 'node:path';
import * as z from 'zod';
import { defineCollector, isAbsent } from '../core/collector.js';
import { counter, FamilySet } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { parseRaplZoneName } from '../parsers/powercap.js';
import { parseSysUint } from '../parsers/sys-uint.js';
import { listOptional, parseSource, readExtra, readText } from './source.js';

/** The `collectors.rapl:` section. */
export const raplSection = z
  .strictObject({
    enable_zone_label: z.boolean().default(false),
  })
  .prefault({});

export type RaplSettings = z.output<typeof raplSection>;

interface RaplZone {
  readonly name: string;
  readonly index: number;
  readonly path: string;
}

/** The zones of /sys/class/powercap (procfs's GetRaplZones); null when the class is absent. */
function raplZones(sysfs: string): RaplZone[] | null {
  const dir = join(sysfs, 'class/powercap');
  const entries = listOptional(dir);
  if (entries === null) return null;
  const used = new Map<string, number>();
  const zones: RaplZone[] = [];
  for (const entry of entries) {
    const path = join(dir, entry);
    const nameText = readExtra(join(path, 'name'));
    if (nameText === null) continue;
    const parsed = parseRaplZoneName(nameText);
    const index = parsed.index ?? used.get(parsed.name) ?? 0;
    const maxPath = join(path, 'max_energy_range_uj');
    parseSource(maxPath, readText(maxPath), parseSysUint);
    zones.push({ name: parsed.name, index, path });
    used.set(parsed.name, index + 1);
  }
  return zones;
}

export const raplCollector = defineCollector<RaplSettings>({
  name: 'rapl',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Energy counters of RAPL power zones (/sys/class/powercap).',
  section: ['collectors', 'rapl'],
  flags: [
    {
      name: 'enable-zone-label',
      key: 'enable_zone_label',
      type: 'boolean',
      default: false,
      help: 'Expose one node_rapl_joules_total with a rapl_zone label instead of one family per zone (collectors.rapl.enable_zone_label).',
    },
  ],
  create: ({ paths, settings }) => ({
    async collect() {
      let zones: RaplZone[] | null;
      try {
        zones = raplZones(paths.sysfs);
      } catch (err) {
        if (isAbsent(err)) return [];
        throw err;
      }
      if (zones === null) return [];
      const { enable_zone_label } = settings();
      const set = new FamilySet();
      const joules = counter('node_rapl_joules_total', 'Current RAPL value in joules');
      for (const zone of zones) {
        const energyPath = join(zone.path, 'energy_uj');
        let energyText: string;
        try {
          energyText = readText(energyPath);
        } catch (err) {
          // Root-only since Linux 5.10: node_exporter reports no data, not an error.
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EACCES' || code === 'EPERM') return [];
          throw err;
        }
        const microjoules = parseSource(energyPath, energyText, parseSysUint);
        const value = microjoules / 1000000;
        const labels = { index: String(zone.index), path: zone.path };
        if (enable_zone_label) {
          joules.add(value, { ...labels, rapl_zone: zone.name });
        } else {
          set
            .get(
              `node_rapl_${sanitizeMetricName(zone.name)}_joules_total`,
              `Current RAPL ${zone.name} value in joules`,
              'counter',
            )
            .add(value, labels);
        }
      }
      const families: MetricFamily[] = set.build();
      if (joules.size > 0) families.push(joules.build());
      return families;
    },
  }),
});

/** node_exporter's SanitizeMetricName: each run of other characters (with its _) becomes one _. */
function sanitizeMetricName(name: string): string {
  return name.replace(/_*[^0-9A-Za-z_]+_*/g, '_');
}
