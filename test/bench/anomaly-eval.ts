/**
 * How precise the anomaly collector's flags are on labelled series: the exporter's own
 * detector (the same ring buffer, retraining and thresholds as the collector) run
 * walk-forward over each series of a Numenta Anomaly Benchmark folder, side by side with a
 * 3-sigma band, an EWMA-residual band and IQR fences refitted at the same cadence.
 *
 *   npm run bench:anomaly-eval                                  # ../shared/nab-dev
 *   npm run bench:anomaly-eval -- --data=/path/to/NAB           # the full benchmark
 *   npm run bench:anomaly-eval -- --families=realTraffic,realAdExchange --per-series
 *
 * The cadence is the collector's defaults counted in samples (history 2,880, a training every
 * 180, the first after 120), so each series is read as if sampled at the collector's interval;
 * --history, --train-every and --min-history change it, in samples.
 */
import { join } from 'node:path';
import {
  type Cadence,
  ewmaResidual,
  held,
  iqrFences,
  threeSigma,
} from './anomaly-eval/baselines.js';
import {
  evaluate,
  type LabelledSeries,
  type SeriesResult,
  summarise,
} from './anomaly-eval/metrics.js';
import { readNab } from './anomaly-eval/nab.js';
import { collectorCadence, vigilFlags } from './anomaly-eval/vigil.js';
import { benchArgs } from './measure.js';

const args = benchArgs();
const DATA = args.get('data') ?? join(import.meta.dirname, '../../../shared/nab-dev');
const FAMILIES = args.get('families')?.split(',');
const defaults = collectorCadence();
const cadence: Cadence = {
  capacity: Number(args.get('history') ?? defaults.capacity),
  trainEvery: Number(args.get('train-every') ?? defaults.trainEvery),
  minPoints: Number(args.get('min-history') ?? defaults.minPoints),
};
/** A family whose series have no anomaly at all: every flag there is a false alarm. */
const QUIET = /NoAnomaly/;

type Flagger = (values: Float64Array) => Promise<Record<string, Uint8Array>>;

const vigil: Flagger = async (values) => {
  const flags = await vigilFlags(values, cadence);
  return {
    'vigil, either model (HostAnomalyDetected)': flags.either,
    'vigil k-means': flags.kmeans,
    'vigil isolation forest': flags.forest,
  };
};

const baselines: Flagger = async (values) => {
  const flags = {
    '3-sigma': threeSigma(values, cadence),
    'EWMA residual': ewmaResidual(values, cadence),
    'IQR fences': iqrFences(values, cadence),
  };
  return {
    ...flags,
    ...Object.fromEntries(
      Object.entries(flags).map(([name, f]) => [`${name}, raised and held like vigil's`, held(f)]),
    ),
  };
};

const f = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

async function main() {
  const series = readNab(DATA, FAMILIES);
  const results = new Map<string, { series: LabelledSeries; result: SeriesResult }[]>();
  for (const s of series) {
    for (const flagger of [vigil, baselines]) {
      for (const [method, flags] of Object.entries(await flagger(s.values))) {
        const list = results.get(method) ?? [];
        list.push({ series: s, result: evaluate(s, flags) });
        results.set(method, list);
      }
    }
  }
  const windows = series.reduce((n, s) => n + s.windows.length, 0);
  console.log(
    `\n${series.length} series, ${windows} windows, from ${DATA}; history ${cadence.capacity} points, trained every ${cadence.trainEvery}, first after ${cadence.minPoints}\n`,
  );
  console.log(
    '| method | window recall | episode precision | F1 | first flag in window | false alarms / series-week | on series without anomalies |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [method, list] of results) {
    const all = summarise(list.map((r) => r.result));
    const quiet = summarise(list.filter((r) => QUIET.test(r.series.name)).map((r) => r.result));
    console.log(
      `| ${method} | ${f(all.recall)} | ${f(all.precision)} | ${f(all.f1)} | ${f(all.firstFlagAt)} | ${f(all.falseAlarmsPerWeek, 1)} | ${f(quiet.falseAlarmsPerWeek, 1)} |`,
    );
  }
  if (args.has('per-series')) {
    for (const [method, list] of results) {
      console.log(`\n${method}`);
      for (const { series: s, result: r } of list)
        console.log(
          `  ${s.name.padEnd(48)} windows ${r.detected}/${r.windows}  episodes ${r.episodes - r.falseEpisodes}/${r.episodes}  false/week ${f(r.falseEpisodes / r.weeks, 1)}`,
        );
    }
  }
}

await main();
