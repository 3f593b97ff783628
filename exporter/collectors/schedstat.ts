import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { counter } from '../exposition/family.js';
import { parseSchedstat } from '../parsers/schedstat.js';
import { parseSource, readIfPresent } from './source.js';

const NS_PER_SECOND = 1e9;

export const schedstatCollector = defineCollector({
  name: 'schedstat',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Per-CPU scheduler time running and waiting, and timeslices (/proc/schedstat).',
  create: ({ paths }) => ({
    async collect() {
      const path = join(paths.procfs, 'schedstat');
      const text = readIfPresent(path);
      // A kernel without CONFIG_SCHEDSTATS: node_exporter reports no data, not a failure.
      if (text === null) return [];
      const cpus = parseSource(path, text, parseSchedstat);
      const running = counter(
        'node_schedstat_running_seconds_total',
        'Number of seconds CPU spent running a process.',
      );
      const waiting = counter(
        'node_schedstat_waiting_seconds_total',
        'Number of seconds spent by processing waiting for this CPU.',
      );
      const timeslices = counter(
        'node_schedstat_timeslices_total',
        'Number of timeslices executed by CPU.',
      );
      for (const { cpu, runningNanoseconds, waitingNanoseconds, timeslices: slices } of cpus) {
        running.add(runningNanoseconds / NS_PER_SECOND, { cpu });
        waiting.add(waitingNanoseconds / NS_PER_SECOND, { cpu });
        timeslices.add(slices, { cpu });
      }
      return [running, waiting, timeslices].filter((f) => f.size > 0).map((f) => f.build());
    },
  }),
});
