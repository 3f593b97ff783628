import { join } from 'node:path';
import * as z from 'zod';
import { defineCollector } from '../core/collector.js';
import { counter, single } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { parseProcStat, SOFTIRQ_VECTORS } from '../parsers/proc-stat.js';
import { parseSource, readOptional } from './source.js';

/** The `collectors.stat:` section (node_exporter 1.5's default: no softirq series). */
export const statSection = z
  .strictObject({
    softirq: z.boolean().default(false),
  })
  .prefault({});

export type StatSettings = z.output<typeof statSection>;

export const statCollector = defineCollector<StatSettings>({
  name: 'stat',
  defaultEnabled: true,
  nodeExporter: true,
  description:
    'Boot time, context switches, forks, interrupts and runnable/blocked processes (/proc/stat).',
  section: ['collectors', 'stat'],
  flags: [
    {
      name: 'softirq',
      key: 'softirq',
      type: 'boolean',
      default: false,
      help: 'Export softirq calls per vector as node_softirqs_total (collectors.stat.softirq).',
    },
  ],
  create: ({ paths, settings }) => ({
    async collect() {
      const path = join(paths.procfs, 'stat');
      const text = readOptional(path);
      if (text === null) return [];
      const stat = parseSource(path, text, parseProcStat);
      const families: MetricFamily[] = [];
      const add = (
        name: string,
        help: string,
        type: 'gauge' | 'counter',
        value: number | undefined,
      ) => {
        if (value !== undefined) families.push(single(name, help, type, value));
      };
      add('node_boot_time_seconds', 'Node boot time, in unixtime.', 'gauge', stat.bootTime);
      add(
        'node_context_switches_total',
        'Total number of context switches.',
        'counter',
        stat.contextSwitches,
      );
      add('node_forks_total', 'Total number of forks.', 'counter', stat.forks);
      add('node_intr_total', 'Total number of interrupts serviced.', 'counter', stat.interrupts);
      add(
        'node_procs_running',
        'Number of processes in runnable state.',
        'gauge',
        stat.procsRunning,
      );
      add(
        'node_procs_blocked',
        'Number of processes blocked waiting for I/O to complete.',
        'gauge',
        stat.procsBlocked,
      );
      if (settings().softirq && stat.softirqs) {
        const softirqs = counter('node_softirqs_total', 'Number of softirq calls.');
        for (const vector of SOFTIRQ_VECTORS) softirqs.add(stat.softirqs[vector], { vector });
        families.push(softirqs.build());
      }
      return families;
    },
  }),
});
