import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineCollector, isAbsent } from '../core/collector.js';
import { gauge, single } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import {
  parsePosixTz,
  parseTzifFooter,
  type ZoneNames,
  zoneAbbreviation,
} from '../parsers/tzif.js';
import { readExtraBytes, readOptional } from './source.js';

/** The process's zone, as the C library finds it: $TZ, else /etc/localtime. */
function readZoneNames(): ZoneNames | null {
  const tz = process.env.TZ;
  if (tz && !tz.startsWith(':')) {
    const posix = parsePosixTz(tz);
    if (posix && /\d/.test(tz)) return posix;
  }
  const file = tz ? join('/usr/share/zoneinfo', tz.replace(/^:/, '')) : '/etc/localtime';
  const data = readExtraBytes(file);
  return data ? parseTzifFooter(data) : null;
}

function clocksources(sysfs: string): MetricFamily[] {
  const dir = join(sysfs, 'devices/system/clocksource');
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (err) {
    if (isAbsent(err)) return [];
    throw err;
  }
  const available = gauge(
    'node_time_clocksource_available_info',
    "Available clocksources read from '/sys/devices/system/clocksource'.",
  );
  const current = gauge(
    'node_time_clocksource_current_info',
    "Current clocksource read from '/sys/devices/system/clocksource'.",
  );
  for (const entry of entries.filter((e) => /^clocksource\d+$/.test(e)).sort()) {
    const device = entry.slice('clocksource'.length);
    const avail = readOptional(join(dir, entry, 'available_clocksource'));
    const cur = readOptional(join(dir, entry, 'current_clocksource'));
    for (const clocksource of (avail ?? '').trim().split(/\s+/).filter(Boolean))
      available.add(1, { clocksource, device });
    if (cur?.trim()) current.add(1, { clocksource: cur.trim(), device });
  }
  return [available, current].filter((f) => f.size > 0).map((f) => f.build());
}

export const timeCollector = defineCollector({
  name: 'time',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'System time, time zone offset and clock sources.',
  create: ({ paths }) => {
    const zones = readZoneNames();
    return {
      async collect() {
        const now = new Date();
        const offset = -now.getTimezoneOffset() * 60;
        return [
          single(
            'node_time_seconds',
            'System time in seconds since epoch (1970).',
            'gauge',
            now.getTime() / 1000,
          ),
          gauge('node_time_zone_offset_seconds', 'System time zone offset in seconds.')
            .add(offset, { time_zone: zoneAbbreviation(zones, offset) })
            .build(),
          ...clocksources(paths.sysfs),
        ];
      },
    };
  },
});
