/**
 * Scoring of anomaly flags against labelled windows, the way the Numenta Anomaly Benchmark
 * reads them: the first 15% of a series is probationary (learning only, flags there are not
 * counted); a window is detected when at least one point inside it is flagged. An episode is
 * a run of consecutive flagged points, what an operator sees as one alert; it is a false alarm
 * when it touches no window. Precision is detected windows over detected windows plus false
 * alarms, so a flag that flickers inside a window counts once, not once per flicker.
 */
export interface LabelledSeries {
  /** Relative to the data folder, e.g. `realTraffic/speed_6005.csv`. */
  readonly name: string;
  /** Milliseconds since the epoch, one per point. */
  readonly times: readonly number[];
  readonly values: Float64Array;
  /** Anomaly windows, start and end inclusive, in milliseconds. */
  readonly windows: readonly (readonly [number, number])[];
}

export interface SeriesResult {
  readonly windows: number;
  readonly detected: number;
  readonly episodes: number;
  readonly falseEpisodes: number;
  /** Scored time (after the probation), in weeks. */
  readonly weeks: number;
  /** Per detected window: where its first flag falls, 0 at its start, 1 at its end. */
  readonly firstFlagAt: readonly number[];
}

export const PROBATION = 0.15;
const WEEK_MS = 7 * 24 * 3600 * 1000;

export function evaluate(series: LabelledSeries, flags: ArrayLike<number>): SeriesResult {
  const { times, windows } = series;
  const n = times.length;
  const first = Math.floor(n * PROBATION);
  const inWindow = (t: number) => windows.some(([a, b]) => t >= a && t <= b);

  let episodes = 0;
  let falseEpisodes = 0;
  for (let i = first; i < n; ) {
    if (!flags[i]) {
      i++;
      continue;
    }
    let touches = false;
    for (; i < n && flags[i]; i++) touches ||= inWindow(times[i] as number);
    episodes++;
    if (!touches) falseEpisodes++;
  }

  const firstFlagAt: number[] = [];
  let counted = 0;
  for (const [a, b] of windows) {
    if (b < (times[first] as number)) continue;
    counted++;
    for (let i = first; i < n; i++) {
      const t = times[i] as number;
      if (t > b) break;
      if (t >= a && flags[i]) {
        firstFlagAt.push(b > a ? (t - a) / (b - a) : 0);
        break;
      }
    }
  }
  return {
    windows: counted,
    detected: firstFlagAt.length,
    episodes,
    falseEpisodes,
    weeks: ((times[n - 1] as number) - (times[first] as number)) / WEEK_MS,
    firstFlagAt,
  };
}

export interface Summary {
  readonly recall: number;
  readonly precision: number;
  readonly f1: number;
  /** Median position of the first flag in the detected windows, 0 at the start. */
  readonly firstFlagAt: number;
  readonly falseAlarmsPerWeek: number;
}

/** Totals over several series: recall over all windows, precision over all alarms. */
export function summarise(results: readonly SeriesResult[]): Summary {
  const sum = (f: (r: SeriesResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const windows = sum((r) => r.windows);
  const detected = sum((r) => r.detected);
  const alarms = detected + sum((r) => r.falseEpisodes);
  const recall = windows > 0 ? detected / windows : Number.NaN;
  const precision = alarms > 0 ? detected / alarms : Number.NaN;
  const positions = results.flatMap((r) => r.firstFlagAt).sort((a, b) => a - b);
  return {
    recall,
    precision,
    f1: recall + precision > 0 ? (2 * recall * precision) / (recall + precision) : Number.NaN,
    firstFlagAt: positions.length
      ? (positions[Math.floor((positions.length - 1) / 2)] as number)
      : Number.NaN,
    falseAlarmsPerWeek: sum((r) => r.falseEpisodes) / sum((r) => r.weeks),
  };
}
