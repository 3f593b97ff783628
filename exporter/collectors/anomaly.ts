import type { AnomalySettings } from '../anomaly/config.js';
import { AnomalyDetector } from '../anomaly/detector.js';
import { KMEANS_LIMITS } from '../anomaly/models.js';
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
          trainEvery: Math.max(1, Math.round(s.train_every / s.interval)),
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
        const d = detector;
        const models = d?.models;
        const scores = d?.scores;
        if (!d || !models || !scores) return [];
        const score = gauge(
          'vigil_anomaly_score',
          'Anomaly score of the newest sample: k-means in units of the farthest 0.1% of training, isolation forest 0 to 1.',
        );
        const threshold = gauge(
          'vigil_anomaly_threshold',
          'Score above which a sample counts as anomalous, by method.',
        );
        const flag = gauge(
          'vigil_anomaly',
          '1 while the signal is flagged: raised by 2 samples in a row above the threshold (or one far above), held until 36 in a row below it.',
        );
        const rate = gauge('vigil_anomaly_rate', 'Share of the signals flagged now, by method.');
        let flagged = 0;
        for (const [signal, value] of scores.kmeans) {
          const on = d.flags.kmeans.get(signal)?.on ? 1 : 0;
          flagged += on;
          score.add(value, { signal, method: 'kmeans' });
          threshold.add(KMEANS_LIMITS.threshold, { signal, method: 'kmeans' });
          flag.add(on, { signal, method: 'kmeans' });
        }
        if (scores.kmeans.size > 0) rate.add(flagged / scores.kmeans.size, { method: 'kmeans' });
        if (scores.forest !== null && models.forest) {
          const on = d.flags.isolation_forest.on ? 1 : 0;
          const labels = { signal: ALL, method: 'isolation_forest' };
          score.add(scores.forest, labels);
          threshold.add(models.forest.limits.threshold, labels);
          flag.add(on, labels);
          rate.add(on, { method: 'isolation_forest' });
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
        return [score, threshold, flag, rate, trained, duration]
          .filter((f) => f.size > 0)
          .map((f) => f.build());
      },
    };
  },
});
