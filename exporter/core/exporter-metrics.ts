import { gauge, single } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { buildInfo } from '../version.js';
import type { CollectorOutcome } from './runner.js';

export interface ReloadState {
  readonly successful: 0 | 1;
  /** When the configuration in force was loaded, in unixtime. */
  readonly timestamp: number;
}

/**
 * The vigil_scrape_*, vigil_build_info and vigil_config_* families of one scrape, and
 * node_exporter's node_scrape_collector_* for the collectors named in `nodeExporter`.
 */
export function exporterFamilies(
  outcomes: readonly CollectorOutcome[],
  reload: ReloadState,
  nodeExporter: ReadonlySet<string>,
): MetricFamily[] {
  const success = gauge(
    'vigil_scrape_collector_success',
    'Whether a collector succeeded in this scrape (1) or failed or missed its deadline (0).',
  );
  const duration = gauge(
    'vigil_scrape_collector_duration_seconds',
    'How long a collector took in this scrape, in seconds.',
  );
  const nodeSuccess = gauge(
    'node_scrape_collector_success',
    'node_exporter: Whether a collector succeeded.',
  );
  const nodeDuration = gauge(
    'node_scrape_collector_duration_seconds',
    'node_exporter: Duration of a collector scrape.',
  );
  for (const o of outcomes) {
    success.add(o.success ? 1 : 0, { collector: o.name });
    duration.add(o.durationSeconds, { collector: o.name });
    if (nodeExporter.has(o.name)) {
      nodeSuccess.add(o.success ? 1 : 0, { collector: o.name });
      nodeDuration.add(o.durationSeconds, { collector: o.name });
    }
  }
  return [
    success.build(),
    duration.build(),
    nodeSuccess.build(),
    nodeDuration.build(),
    gauge(
      'vigil_build_info',
      "A metric with a constant '1' value labeled by the version and revision of vigil and the Node.js version running it.",
    )
      .add(1, {
        version: buildInfo.version,
        revision: buildInfo.revision,
        nodejs_version: process.versions.node,
      })
      .build(),
    single(
      'vigil_config_last_reload_successful',
      'Whether the last configuration reload succeeded (1) or was refused (0).',
      'gauge',
      reload.successful,
    ),
    single(
      'vigil_config_last_reload_success_timestamp_seconds',
      'When the configuration in force was loaded, in unixtime.',
      'gauge',
      reload.timestamp,
    ),
  ].filter((f) => f.samples.length > 0);
}
