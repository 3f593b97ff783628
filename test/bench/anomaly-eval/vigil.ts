import { anomalySection } from '../../../exporter/anomaly/config.js';
import { AnomalyDetector } from '../../../exporter/anomaly/detector.js';
import { trainModels } from '../../../exporter/anomaly/training.js';
import { silentLogger } from '../../../exporter/core/logger.js';
import type { Cadence } from './baselines.js';

/** The collector's default history, training interval and first training, counted in samples. */
export function collectorCadence(): Cadence {
  const s = anomalySection.parse(undefined);
  return {
    capacity: Math.ceil(s.history / s.interval),
    trainEvery: Math.round(s.train_every / s.interval),
    minPoints: Math.ceil(s.min_history / s.interval),
  };
}

/**
 * The collector's detector walked over one series as its only signal, trained in process
 * instead of in a worker; `visit` sees the detector after each point.
 */
export async function walkDetector(
  values: Float64Array,
  cadence: Cadence,
  visit: (detector: AnomalyDetector, i: number) => void,
): Promise<void> {
  const detector = new AnomalyDetector(
    { signals: ['value'], ...cadence, train: async (h) => trainModels(h) },
    silentLogger,
  );
  for (let i = 0; i < values.length; i++) {
    detector.push({ value: values[i] as number });
    visit(detector, i);
    await detector.settled();
  }
}

/** Each method's flag at each point, and either of them (what `HostAnomalyDetected` alerts on). */
export async function vigilFlags(values: Float64Array, cadence: Cadence) {
  const kmeans = new Uint8Array(values.length);
  const forest = new Uint8Array(values.length);
  const either = new Uint8Array(values.length);
  await walkDetector(values, cadence, (detector, i) => {
    kmeans[i] = detector.flags.kmeans.get('value')?.on ? 1 : 0;
    forest[i] = detector.flags.isolation_forest.on ? 1 : 0;
    either[i] = (kmeans[i] as number) | (forest[i] as number);
  });
  return { kmeans, forest, either };
}
