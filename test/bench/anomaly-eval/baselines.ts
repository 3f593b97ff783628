/**
 * The baselines an anomaly model has to beat, refitted with the same cadence as the
 * collector's models (on the last `capacity` points, every `trainEvery` points once
 * `minPoints` are there): a 3-sigma band, a 3-sigma band on the residual of an EWMA forecast,
 * and Tukey's IQR fences.
 */
import { quantile } from '../../../exporter/anomaly/features.js';
import { AnomalyFlag } from '../../../exporter/anomaly/flags.js';

export interface Cadence {
  /** Points of history a training sees. */
  readonly capacity: number;
  /** Points before the first training. */
  readonly minPoints: number;
  /** Points between trainings. */
  readonly trainEvery: number;
}

type Refit<M> = (values: Float64Array, start: number, end: number) => M;

/** Flags of a model refitted on [start, end) of `values` at the collector's cadence. */
function walkForward<M>(
  values: Float64Array,
  cadence: Cadence,
  refit: Refit<M>,
  flag: (model: M, i: number) => boolean,
): Uint8Array {
  const flags = new Uint8Array(values.length);
  let model: M | null = null;
  let since = 0;
  for (let i = 0; i < values.length; i++) {
    if (model && flag(model, i)) flags[i] = 1;
    since++;
    const seen = i + 1;
    if (seen >= cadence.minPoints && (!model || since >= cadence.trainEvery)) {
      model = refit(values, Math.max(0, seen - cadence.capacity), seen);
      since = 0;
    }
  }
  return flags;
}

function meanStd(values: ArrayLike<number>, start: number, end: number) {
  let n = 0;
  let sum = 0;
  let squares = 0;
  for (let i = start; i < end; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    n++;
    sum += v;
    squares += v * v;
  }
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, squares / n - mean * mean)) };
}

export function threeSigma(values: Float64Array, cadence: Cadence): Uint8Array {
  return walkForward(
    values,
    cadence,
    (v, a, b) => meanStd(v, a, b),
    (m, i) => Math.abs((values[i] as number) - m.mean) > 3 * m.std,
  );
}

/** EWMA forecast (α = 0.1) of each point from the ones before it. */
export function ewmaResidual(values: Float64Array, cadence: Cadence, alpha = 0.1): Uint8Array {
  const residual = new Float64Array(values.length).fill(Number.NaN);
  let level = values[0] as number;
  for (let i = 1; i < values.length; i++) {
    residual[i] = (values[i] as number) - level;
    level += alpha * ((values[i] as number) - level);
  }
  return walkForward(
    values,
    cadence,
    (_v, a, b) => meanStd(residual, a, b),
    (m, i) => Math.abs((residual[i] as number) - m.mean) > 3 * m.std,
  );
}

export function iqrFences(values: Float64Array, cadence: Cadence): Uint8Array {
  return walkForward(
    values,
    cadence,
    (v, a, b) => {
      const window = Array.from(v.subarray(a, b));
      const q1 = quantile(window, 0.25);
      const q3 = quantile(window, 0.75);
      return { low: q1 - 1.5 * (q3 - q1), high: q3 + 1.5 * (q3 - q1) };
    },
    (m, i) => (values[i] as number) < m.low || (values[i] as number) > m.high,
  );
}

/** Flags passed through the collector's raise-and-hold rule (two in a row, then held). */
export function held(flags: Uint8Array): Uint8Array {
  const flag = new AnomalyFlag();
  const limits = { threshold: 0.5, strong: Number.POSITIVE_INFINITY };
  return flags.map((f) => (flag.update(f, limits) ? 1 : 0));
}
