import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { gauge } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { parseSysUint } from '../parsers/sys-uint.js';
import { parseSysInt } from '../parsers/thermal.js';
import { listOptional, parseSource } from './source.js';

/** Entries of class/thermal named `<prefix><digit>...`, sorted (Go's Glob `<prefix>[0-9]*`). */
function entries(dir: string, prefix: string): string[] {
  return (listOptional(dir) ?? []).filter(
    (n) => n.startsWith(prefix) && /^[0-9]/.test(n.slice(prefix.length)),
  );
}

/** procfs's SysReadFile: one read of at most 4096 bytes, whitespace trimmed. */
function sysRead(path: string): string {
  return readFileSync(path).subarray(0, 4096).toString('utf8').trim();
}

/** An optional attribute: null when absent or not permitted, other errors thrown. */
function sysReadOptional(path: string): string | null {
  try {
    return sysRead(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM') return null;
    throw err;
  }
}

interface ThermalZone {
  readonly type: string;
  readonly temp: number;
}

/** One zone as procfs 0.8 reads it (type, policy and temp required; mode and passive optional). */
function readZone(dir: string): ThermalZone {
  const type = sysRead(join(dir, 'type'));
  sysRead(join(dir, 'policy'));
  const tempPath = join(dir, 'temp');
  const temp = parseSource(tempPath, sysRead(tempPath), parseSysInt);
  sysReadOptional(join(dir, 'mode'));
  const passivePath = join(dir, 'passive');
  const passive = sysReadOptional(passivePath);
  if (passive !== null) parseSource(passivePath, passive, parseSysUint);
  return { type, temp };
}

export const thermalZoneCollector = defineCollector({
  name: 'thermal_zone',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Thermal zone temperatures and cooling device states (/sys/class/thermal).',
  create: ({ paths }) => ({
    async collect() {
      const dir = join(paths.sysfs, 'class/thermal');
      const zoneTemp = gauge('node_thermal_zone_temp', 'Zone temperature in Celsius');
      for (const name of entries(dir, 'thermal_zone')) {
        let zone: ThermalZone;
        try {
          zone = readZone(join(dir, name));
        } catch (err) {
          // A zone whose sensor cannot be read now (ENODATA) is left out.
          if ((err as NodeJS.ErrnoException).code === 'ENODATA') continue;
          throw err;
        }
        zoneTemp.add(zone.temp / 1000.0, {
          zone: name.slice('thermal_zone'.length),
          type: zone.type,
        });
      }

      const curState = gauge(
        'node_cooling_device_cur_state',
        'Current throttle state of the cooling device',
      );
      const maxState = gauge(
        'node_cooling_device_max_state',
        'Maximum throttle state of the cooling device',
      );
      for (const name of entries(dir, 'cooling_device')) {
        const cd = join(dir, name);
        const type = sysRead(join(cd, 'type'));
        const maxPath = join(cd, 'max_state');
        const max = parseSource(maxPath, sysRead(maxPath), parseSysInt);
        const curPath = join(cd, 'cur_state');
        const cur = parseSource(curPath, sysRead(curPath), parseSysInt);
        const labels = { name: name.slice('cooling_device'.length), type };
        curState.add(cur, labels);
        maxState.add(max, labels);
      }
      const families: MetricFamily[] = [];
      for (const f of [zoneTemp, curState, maxState]) if (f.size > 0) families.push(f.build());
      return families;
    },
  }),
});
