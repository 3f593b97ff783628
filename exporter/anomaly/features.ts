/**
 * What the models see of a signal at one point: its level, its activity and its change. The
 * activity is the logarithm of the mean absolute step over the last ACTIVITY points: a stuck
 * value has none, which the logarithm puts far from any normal movement. The change is the
 * mean step over the last CHANGE points, so a jump stands out before the level has settled.
 */
export const ACTIVITY = 8;
const CHANGE = 3;

/** Points of history one feature vector needs, the newest included. */
export const FEATURE_WINDOW = ACTIVITY + 1;

export function activity(values: ArrayLike<number>, end: number): number {
  let sum = 0;
  for (let i = end - ACTIVITY + 1; i <= end; i++)
    sum += Math.abs((values[i] as number) - (values[i - 1] as number));
  return Math.log(sum / ACTIVITY + 1e-9);
}

/** True when the FEATURE_WINDOW points ending at `end` are all there and finite. */
export function windowComplete(values: ArrayLike<number>, end: number): boolean {
  if (end < FEATURE_WINDOW - 1 || end >= values.length) return false;
  for (let i = end - FEATURE_WINDOW + 1; i <= end; i++)
    if (!Number.isFinite(values[i] as number)) return false;
  return true;
}

/** Level, activity and change at `end`, or null when the window has a gap. */
export function signalFeatures(values: ArrayLike<number>, end: number): number[] | null {
  if (!windowComplete(values, end)) return null;
  const level = values[end] as number;
  return [level, activity(values, end), (level - (values[end - CHANGE] as number)) / CHANGE];
}

/** Every feature vector of a series, in order, gaps left out. */
export function featureRows(values: ArrayLike<number>): number[][] {
  const out: number[][] = [];
  for (let end = FEATURE_WINDOW - 1; end < values.length; end++) {
    const v = signalFeatures(values, end);
    if (v) out.push(v);
  }
  return out;
}

/** The q-quantile (0–1) of numbers, by linear interpolation. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/** Each feature's mean and standard deviation in training, to put features on one scale. */
export interface Scaling {
  readonly mean: number[];
  readonly std: number[];
}

export function fitScaling(rows: readonly number[][]): Scaling {
  const dims = (rows[0] as number[]).length;
  const mean = Array.from(
    { length: dims },
    (_, d) => rows.reduce((n, r) => n + (r[d] as number), 0) / rows.length,
  );
  const std = Array.from({ length: dims }, (_, d) => {
    const m = mean[d] as number;
    const sd = Math.sqrt(rows.reduce((n, r) => n + ((r[d] as number) - m) ** 2, 0) / rows.length);
    // A feature that never varied in training: any change is measured in its own units.
    return sd > 0 ? sd : 1;
  });
  return { mean, std };
}

export function scaleRow(row: readonly number[], s: Scaling): number[] {
  return row.map((v, d) => (v - (s.mean[d] as number)) / (s.std[d] as number));
}
