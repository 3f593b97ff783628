/**
 * Feature vectors as Netdata builds them for its k-means models: first differences of the
 * series (so a model learns how a signal moves, not where it sits), smoothed over `smooth`
 * points, and the last `lag` + 1 of them side by side. A window with a gap (NaN) gives no
 * vector.
 */
export interface FeatureOptions {
  readonly smooth: number;
  readonly lag: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { smooth: 3, lag: 5 };

/** Points of history one vector needs. */
export function pointsNeeded(o: FeatureOptions = DEFAULT_FEATURES): number {
  return 1 + o.smooth + o.lag;
}

/** The vector ending at `end` (inclusive), or null when the window has a gap. */
export function featureAt(
  values: ArrayLike<number>,
  end: number,
  o: FeatureOptions = DEFAULT_FEATURES,
): number[] | null {
  const start = end - pointsNeeded(o) + 1;
  if (start < 0) return null;
  for (let i = start; i <= end; i++) if (!Number.isFinite(values[i] as number)) return null;
  const out: number[] = [];
  for (let k = end - o.lag; k <= end; k++) {
    let sum = 0;
    for (let j = k - o.smooth + 1; j <= k; j++)
      sum += (values[j] as number) - (values[j - 1] as number);
    out.push(sum / o.smooth);
  }
  return out;
}

/** Every vector of a series, in order, gaps left out. */
export function featureVectors(values: ArrayLike<number>, o: FeatureOptions = DEFAULT_FEATURES) {
  const out: number[][] = [];
  for (let end = pointsNeeded(o) - 1; end < values.length; end++) {
    const v = featureAt(values, end, o);
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
