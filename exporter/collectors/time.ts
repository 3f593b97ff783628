import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isAbsent, registerCollector } from '../core/collector.js';
import { gauge, single } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { readOptional } from './source.js';

/** The short zone name ("UTC", "CET" or "GMT+1", as the ICU data allows) for the current date. */
function zoneName(now: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
    .formatToParts(now)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? 'UTC';
}

async function clocksources(sysfs: string): Promise<MetricFamily[]> {
  const dir = join(sysfs, 'devices/system/clocksource');
  let entries: string[];
  try {
    entries = await readdir(dir);
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
    const [avail, cur] = await Promise.all([
      readOptional(join(dir, entry, 'available_clocksource')),
      readOptional(join(dir, entry, 'current_clocksource')),
    ]);
    for (const clocksource of (avail ?? '').trim().split(/\s+/).filter(Boolean))
      available.add(1, { clocksource, device });
    if (cur?.trim()) current.add(1, { clocksource: cur.trim(), device });
  }
  return [available, current].filter((f) => f.size > 0).map((f) => f.build());
}

registerCollector({
  name: 'time',
  defaultEnabled: true,
  description: 'System time, time zone offset and clock sources.',
  create: ({ paths }) => ({
    async collect() {
      const now = new Date();
      return [
        single(
          'node_time_seconds',
          'System time in seconds since epoch (1970).',
          'gauge',
          now.getTime() / 1000,
        ),
        gauge('node_time_zone_offset_seconds', 'System time zone offset in seconds.')
          .add(-now.getTimezoneOffset() * 60, { time_zone: zoneName(now) })
          .build(),
        ...(await clocksources(paths.sysfs)),
      ];
    },
  }),
});
