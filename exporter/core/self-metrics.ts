import { collectDefaultMetrics, Registry } from 'prom-client';
import type { MetricFamily, MetricType, Sample } from '../exposition/types.js';

/**
 * The exporter's own process_* and nodejs_* metrics, from prom-client's default metrics,
 * turned into vigil's family model so one serializer writes the whole document.
 */
/**
 * prom-client's `nodejs_active_*_total` are gauges named like counters (a promtool lint
 * error) and only sum `nodejs_active_*{type}`, which stay.
 */
const DROPPED = new Set([
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
]);

export class SelfMetrics {
  private readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  async families(): Promise<MetricFamily[]> {
    const metrics = await this.registry.getMetricsAsJSON();
    return metrics
      .filter((m) => !DROPPED.has(m.name))
      .map((m) => {
        const samples: Sample[] = m.values.map((v) => {
          const metricName = (v as { metricName?: string }).metricName;
          const labels: Record<string, string> = {};
          for (const [k, value] of Object.entries(v.labels)) labels[k] = String(value);
          return {
            suffix:
              metricName && metricName !== m.name ? metricName.slice(m.name.length) : undefined,
            labels,
            value: v.value,
          };
        });
        return { name: m.name, help: m.help, type: String(m.type) as MetricType, samples };
      });
  }
}
