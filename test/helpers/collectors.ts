import { COLLECTORS } from '../../exporter/collectors/index.js';
import { defaultConfig } from '../../exporter/config/schema.js';
import type { CollectorContext, HostPaths } from '../../exporter/core/collector.js';
import { Exporter } from '../../exporter/core/exporter.js';
import { createLogger, silentLogger } from '../../exporter/core/logger.js';

/** The collectors that mirror node_exporter's: compared with it and benchmarked against it. */
export const HOST_COLLECTORS = [
  'cpu',
  'diskstats',
  'filesystem',
  'loadavg',
  'meminfo',
  'netclass',
  'netdev',
  'os',
  'pressure',
  'stat',
  'time',
  'uname',
];

/** node_exporter's collectors that vigil has and that node_exporter runs by default. */
export const NODE_DEFAULT_COLLECTORS: string[] = COLLECTORS.filter(
  (d) => d.nodeExporter && d.defaultEnabled,
).map((d) => d.name);

/** Every collector a default vigil runs. */
export const DEFAULT_COLLECTORS: string[] = COLLECTORS.filter((d) => d.defaultEnabled).map(
  (d) => d.name,
);

/** The context the exporter hands a collector, for testing one collector on its own. */
export function collectorContext<S>(paths: HostPaths, settings: () => S): CollectorContext<S> {
  return {
    paths,
    logger: silentLogger,
    settings,
    collect: async () => ({ families: [], failed: [] }),
  };
}

/** An exporter of some of vigil's collectors over this host, its log lines (debug up) kept in `lines`. */
export function hostExporter(collectors: string[], lines: string[]): Exporter {
  return new Exporter({
    collectors,
    definitions: COLLECTORS,
    paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
    config: defaultConfig(),
    logger: createLogger({ level: 'debug', format: 'logfmt', write: (l) => lines.push(l) }),
    exporterMetrics: false,
  });
}
