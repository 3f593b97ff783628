import type { AnomalySettings } from '../anomaly/config.js';
import { AnomalyDetector } from '../anomaly/detector.js';
import { SignalReader } from '../anomaly/signals.js';
import { defineCollector } from '../core/collector.js';
import { gauge } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';

/** The label of the isolation forest's score, which covers every signal at once. */
const ALL = 'all';

/**
 * Anomaly scores beyond PromQL: a k-means model per signal and an isolation forest across
 * them, trained on a bounded history sampled every few seconds from the families of the
 * collectors that own each figure (see docs/anomaly.md). Sampling runs in the background
 * between start and stop; a scrape only reads the latest scores.
 */
export const anomalyCollector = defineCollector<AnomalySettings>({
  name: 'anomaly',
  defaultEnabled: true,
  description:
    'Anomaly scores of CPU, memory, load, disk and network from k-means and an isolation forest trained on the host.',
  section: ['collectors', 'anomaly'],
  create: ({ logger, collect }) => {
    let detector: AnomalyDetector | null = null;
    let timer: NodeJS.Timeout | null = null;

    const stop = () => {
      if (timer) clearInterval(timer);
      timer = null;
    };
    /** Sample the configured signals on their interval into a new detector. */
    const start = async (s: AnomalySettings) => {
      stop();
      const d = new AnomalyDetector(
        {
          signals: s.signals,
          capacity: Math.ceil(s.history / s.interval),
          minPoints: Math.ceil(s.min_history / s.interval),
          trainEveryMs: s.train_every * 1000,
        },
        logger,
      );
      detector = d;
      const reader = new SignalReader(s.signals);
      let sampling = false;
      const sample = async () => {
        if (sampling) return;
        sampling = true;
        try {
          const { families } = await collect(reader.collectors);
          return reader.read(families);
        } finally {
          sampling = false;
        }
      };
      // The first reading only sets the base of the rates.
      void sample().catch(() => {});
      timer = setInterval(() => {
        sample().then(
          (values) => values && d.push(values),
          (err: unknown) => logger.warn('anomaly sampling failed', { err }),
        );
      }, s.interval * 1000);
      timer.unref();
    };

    return {
      start,
      reconfigure: start,
      async stop() {
        stop();
      },
      async collect(): Promise<MetricFamily[]> {
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
    };
  },
});
