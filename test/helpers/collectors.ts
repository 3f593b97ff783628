import { COLLECTORS } from '../../exporter/collectors/index.js';
import type { CollectorContext, HostPaths } from '../../exporter/core/collector.js';
import { silentLogger } from '../../exporter/core/logger.js';

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
