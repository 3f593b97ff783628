import '../../exporter/collectors/index.js';
import { collectorDefinitions } from '../../exporter/core/collector.js';

/** The collectors a default vigil runs: the set compared with node_exporter and benchmarked. */
export const HOST_COLLECTORS: string[] = collectorDefinitions()
  .filter((d) => d.defaultEnabled)
  .map((d) => d.name);
