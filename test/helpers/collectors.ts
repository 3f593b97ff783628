import '../../exporter/collectors/index.js';
import { collectorDefinitions } from '../../exporter/core/collector.js';

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

/** Every collector a default vigil runs. */
export const DEFAULT_COLLECTORS: string[] = collectorDefinitions()
  .filter((d) => d.defaultEnabled)
  .map((d) => d.name);
