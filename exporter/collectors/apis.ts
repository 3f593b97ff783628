import type { ApisSettings } from '../apis/config.js';
import { ERROR_REASONS } from '../apis/errors.js';
import type { ApiTarget } from '../apis/target.js';
import { defineCollector } from '../core/collector.js';
import { counter, gauge, mergeFamilies } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';

export const apisCollector = defineCollector<ApisSettings>({
  name: 'apis',
  defaultEnabled: true,
  description: 'Business metrics read with JSONPath from the HTTP JSON APIs in the apis config.',
  section: ['apis'],
  create: ({ logger }) => {
    let targets: ApiTarget[] = [];
    let timers: NodeJS.Timeout[] = [];
    let background: AbortController | null = null;

    const stop = () => {
      for (const t of timers) clearInterval(t);
      timers = [];
      background?.abort();
    };
    /** Build the targets of an apis section and start the periodic fetches. */
    const build = async (apis: ApisSettings) => {
      // Loaded here: a host without API targets never loads the HTTP client code.
      const { ApiTarget } =
        apis.length > 0 ? await import('../apis/target.js') : { ApiTarget: null };
      stop();
      background = new AbortController();
      const signal = background.signal;
      targets = ApiTarget ? apis.map((a) => new ApiTarget(a, logger)) : [];
      timers = targets
        .filter((t) => t.config.interval > 0)
        .map((t) => {
          void t.fetch(signal);
          const timer = setInterval(() => void t.fetch(signal), t.config.interval * 1000);
          timer.unref();
          return timer;
        });
    };
    return {
      start: build,
      reconfigure: build,
      async stop() {
        stop();
      },
      async collect(signal) {
        // Scrape-time targets are fetched concurrently under the scrape deadline.
        await Promise.all(
          targets.filter((t) => t.config.interval === 0).map((t) => t.fetch(signal)),
        );
        const families: MetricFamily[] = [];
        const up = gauge(
          'vigil_api_up',
          'Whether the last fetch of the API target succeeded with every metric read (1) or not (0).',
        );
        const duration = gauge(
          'vigil_api_request_duration_seconds',
          'How long the last fetch of the API target took, in seconds.',
        );
        const lastSuccess = gauge(
          'vigil_api_last_success_timestamp_seconds',
          'When the API target last answered with every metric read, in unixtime.',
        );
        const errors = counter(
          'vigil_api_errors_total',
          'Failed fetches of the API target, by reason.',
        );
        for (const t of targets) {
          const target = t.config.name;
          up.add(t.last?.up ? 1 : 0, { target });
          if (t.last) duration.add(t.last.durationSeconds, { target });
          if (t.lastSuccess !== undefined) lastSuccess.add(t.lastSuccess, { target });
          for (const reason of ERROR_REASONS)
            errors.add(t.errors.get(reason) ?? 0, { target, reason });
          families.push(...(t.last?.families ?? []));
        }
        return [
          ...mergeFamilies(families),
          ...[up, duration, lastSuccess, errors].filter((f) => f.size > 0).map((f) => f.build()),
        ];
      },
    };
  },
});
