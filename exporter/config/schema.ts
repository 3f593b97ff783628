import * as z from 'zod';
import { anomalySection } from '../anomaly/config.js';
import { WORKLOAD_SIGNAL } from '../anomaly/signal-names.js';
import { apisSection } from '../apis/config.js';
import { arpSection } from '../collectors/arp.js';
import { bcacheSection } from '../collectors/bcache.js';
import { cpuSection } from '../collectors/cpu.js';
import { diskstatsSection } from '../collectors/diskstats.js';
import { filesystemSection } from '../collectors/filesystem.js';
import { ipvsSection } from '../collectors/ipvs.js';
import { netclassSection } from '../collectors/netclass.js';
import { netdevSection } from '../collectors/netdev.js';
import { netstatSection } from '../collectors/netstat.js';
import { powersupplyclassSection } from '../collectors/powersupplyclass.js';
import { raplSection } from '../collectors/rapl.js';
import { statSection } from '../collectors/stat.js';
import { sysctlSection } from '../collectors/sysctl.js';
import { tapestatsSection } from '../collectors/tapestats.js';
import { textfileSection } from '../collectors/textfile.js';
import { vmstatSection } from '../collectors/vmstat.js';
import { logsSection } from '../logs/config.js';
import { portsSection } from '../ports/config.js';
import { processesSection } from '../processes/config.js';
import { duration } from './fields.js';
import { ONE_PARSE } from './validate.js';

/**
 * The config file: each section is declared beside the feature that reads it; this file only
 * places the sections and runs the checks that span several of them.
 */
export const configSchema = z
  .strictObject({
    scrape: z
      .strictObject({
        /** Deadline for each collector within one scrape. */
        timeout: duration.default(5),
      })
      .prefault({}),
    processes: processesSection,
    ports: portsSection,
    logs: logsSection,
    apis: apisSection,
    collectors: z
      .strictObject({
        filesystem: filesystemSection,
        cpu: cpuSection,
        diskstats: diskstatsSection,
        netclass: netclassSection,
        netdev: netdevSection,
        stat: statSection,
        netstat: netstatSection,
        arp: arpSection,
        bcache: bcacheSection,
        vmstat: vmstatSection,
        sysctl: sysctlSection,
        textfile: textfileSection,
        ipvs: ipvsSection,
        tapestats: tapestatsSection,
        powersupplyclass: powersupplyclassSection,
        rapl: raplSection,
        anomaly: anomalySection,
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    // A workload signal must name something this configuration defines.
    const groups = new Set(config.processes.groups.map((g) => g.name));
    const rules = new Set(
      config.logs.sources.flatMap((s) => s.rules.map((r) => `${s.name}/${r.name}`)),
    );
    const metrics = new Set(
      config.apis.flatMap((a) => a.metrics.map((m) => `${a.name}/${m.name}`)),
    );
    config.collectors.anomaly.signals.forEach((name, i) => {
      const m = WORKLOAD_SIGNAL.exec(name);
      if (!m) return;
      const [, kind, what] = m as unknown as [string, string, string];
      const known =
        kind === 'process'
          ? groups.has(what)
          : kind === 'log'
            ? rules.has(what)
            : metrics.has(what);
      if (!known)
        ctx.addIssue({
          code: 'custom',
          path: ['collectors', 'anomaly', 'signals', i],
          message: `signal "${name}" names no ${
            kind === 'process'
              ? 'process group with that fixed name'
              : kind === 'log'
                ? 'log source/rule'
                : 'API target/metric'
          } in this configuration`,
        });
    });
  });

export type VigilConfig = z.output<typeof configSchema>;

/** The configuration used when no file is given. */
export function defaultConfig(): VigilConfig {
  return configSchema.parse({}, ONE_PARSE);
}

/** A collector's section: the value at its declared path, undefined for none. */
export function sectionAt(config: VigilConfig, path: readonly string[] | undefined): unknown {
  let node: unknown = config;
  for (const key of path ?? []) node = (node as Record<string, unknown> | undefined)?.[key];
  return path ? node : undefined;
}
