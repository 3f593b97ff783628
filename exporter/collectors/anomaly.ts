import { AnomalyDetector } from '../anomaly/detector.js';
import { HostSignals } from '../anomaly/signals.js';
import { WorkloadSignals } from '../anomaly/workload-signals.js';
import type { VigilConfig } from '../config/schema.js';
import { registerCollector } from '../core/collector.js';
import { sectionTracker } from '../core/config-section.js';
import { gauge } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { deviceFilter } from './source.js';

/** The label of the isolation forest's score, which covers every signal at once. */
const ALL = 'all';

type Settings = VigilConfig['collectors']['anomaly'];

/**
 * Anomaly scores beyond PromQL: a k-means model per host signal and an isolation forest
 * across them, trained on a bounded history sampled every few seconds (see docs/anomaly.md).
 * Sampling runs in the background; a scrape only reads the latest scores.
 */
registerCollector({
  name: 'anomaly',
  defaultEnabled: true,
  description:
    'Anomaly scores of CPU, memory, load, disk and network from k-means and an isolation forest trained on the host.',
  create: ({ paths, config, logger, collectOthers }) => {
    let detector: AnomalyDetector | null = null;
    let timer: NodeJS.Timeout | null = null;
    const changed = sectionTracker(() => config().collectors.anomaly);

    const start = (s: Settings) => {
      if (timer) clearInterval(timer);
      const signals = new HostSignals(paths, () => {
        const { device_include, device_exclude } = config().collectors.diskstats;
        return deviceFilter(device_include, device_exclude);
      });
      detector = new AnomalyDetector(
        {
          signals: s.signals,
          capacity: Math.ceil(s.history / s.interval),
          minPoints: Math.ceil(s.min_history / s.interval),
          trainEveryMs: s.train_every * 1000,
        },
        logger,
      );
      const d = detector;
      const workload = new WorkloadSignals(s.signals);
      const others = workload.collectors;
      let sampling = false;
      const sample = async () => {
        if (sampling) return;
        sampling = true;
        try {
          const host: Record<string, number> = signals.read();
          const families = others.length > 0 && collectOthers ? await collectOthers(others) : [];
          return { ...host, ...workload.read(families) };
        } finally {
          sampling = false;
        }
      };
      void sample();
      timer = setInterval(() => {
        sample().then(
          (values) => values && d.push(values),
          (err: unknown) => logger.warn('anomaly sampling failed', { err }),
        );
      }, s.interval * 1000);
      timer.unref();
    };

    return {
      async collect(): Promise<MetricFamily[]> {
        const settings = changed();
        if (settings) start(settings);
        const models = detector?.models;
        const scores = detector?.scores;
        if (!models || !scores) return [];
        const score = gauge('vigil_anomaly_score', 'Anomaly score of the newest sample, 0 to 1.');
        const flag = gauge(
          'vigil_anomaly',
          '1 when the anomaly score is above the threshold learned in training (its 99th percentile).',
        );
        const rate = gauge('vigil_anomaly_rate', 'Share of the signals anomalous now, by method.');
        let anomalous = 0;
        for (const [signal, value] of scores.kmeans) {
          const above = value > (models.kmeans[signal]?.threshold ?? 1) ? 1 : 0;
          anomalous += above;
          score.add(value, { signal, method: 'kmeans' });
          flag.add(above, { signal, method: 'kmeans' });
        }
        if (scores.kmeans.size > 0) rate.add(anomalous / scores.kmeans.size, { method: 'kmeans' });
        if (scores.forest !== null && models.forest) {
          const above = scores.forest > models.forest.model.threshold ? 1 : 0;
          score.add(scores.forest, { signal: ALL, method: 'isolation_forest' });
          flag.add(above, { signal: ALL, method: 'isolation_forest' });
          rate.add(above, { method: 'isolation_forest' });
        }
        const trained = gauge(
          'vigil_anomaly_model_trained_timestamp_seconds',
          'When the models were last trained, in unixtime.',
        );
        const duration = gauge(
          'vigil_anomaly_training_duration_seconds',
          'How long the last training took, by method.',
        );
        for (const [method, seconds] of [
          ['kmeans', models.seconds.kmeans],
          ['isolation_forest', models.seconds.forest],
        ] as const) {
          trained.add(models.trainedAt / 1000, { method });
          duration.add(seconds, { method });
        }
        return [score, flag, rate, trained, duration]
          .filter((f) => f.size > 0)
          .map((f) => f.build());
      },
      async close() {
        if (timer) clearInterval(timer);
      },
    };
  },
});
