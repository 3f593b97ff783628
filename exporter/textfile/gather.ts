import type { Labels, MetricFamily, MetricType, Sample } from '../exposition/types.js';
import type { TextFamily, TextMetric } from '../parsers/exposition-text.js';
import { formatGoFloat } from '../parsers/go-numbers.js';
import { compareBytes } from './go-glob.js';

/**
 * Names a textfile may not define because vigil itself exposes them outside any collector
 * (its own and the process's metrics) or because they are this collector's own. In
 * node_exporter such a family makes the scrape's gathering fail for one of the two, and for
 * its own two metrics the file's family wins; in vigil the file's family is left out.
 */
export const RESERVED_PREFIXES = ['vigil_', 'nodejs_', 'process_', 'node_scrape_collector_'];
export const MTIME = 'node_textfile_mtime_seconds';
export const SCRAPE_ERROR = 'node_textfile_scrape_error';
const RESERVED_NAMES = new Set([MTIME, SCRAPE_ERROR]);

/* node_exporter's conversion and its registry's checks, over the families of all files. */

interface Series {
  /** Label pairs sorted by name, as Go's MakeLabelPairs leaves them. */
  readonly pairs: ReadonlyArray<readonly [string, string]>;
  readonly samples: Sample[];
}

interface Gathered {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly series: Series[];
}

function labelsOf(
  pairs: ReadonlyArray<readonly [string, string]>,
  extra?: readonly [string, string],
): Labels {
  const labels: Record<string, string> = {};
  for (const [name, value] of pairs) labels[name] = value;
  if (extra) labels[extra[0]] = extra[1];
  return labels;
}

/**
 * One parsed metric as node_exporter's convertMetricFamily emits it: every label name of the
 * family present (missing ones empty), quantiles and buckets sorted and deduplicated, a
 * histogram's +Inf bucket added when the file has none.
 */
function seriesOf(metric: TextMetric, names: readonly string[], type: MetricType): Series {
  let pairs: Array<readonly [string, string]>;
  if (metric.labels.length === names.length) {
    // Every label name of the family is there (the usual case), most often in order.
    pairs = metric.labels as Array<readonly [string, string]>;
    if (!pairs.every(([n], i) => n === names[i]))
      pairs = [...pairs].sort(([a], [b]) => compareBytes(a, b));
  } else {
    pairs = names.map((n) => [n, metric.labels.find(([m]) => m === n)?.[1] ?? ''] as const);
  }
  const labels = labelsOf(pairs);
  const samples: Sample[] = [];
  if (type === 'summary') {
    const quantiles = new Map<number, number>();
    for (const q of metric.quantiles ?? []) quantiles.set(q.quantile, q.value);
    for (const [q, value] of [...quantiles].sort(([a], [b]) => a - b))
      samples.push({ labels: labelsOf(pairs, ['quantile', formatGoFloat(q)]), value });
  } else if (type === 'histogram') {
    const buckets = new Map<number, number>();
    for (const b of metric.buckets ?? []) buckets.set(b.upperBound, b.count);
    const sorted = [...buckets].sort(([a], [b]) => a - b);
    if (!sorted.some(([le]) => le === Number.POSITIVE_INFINITY))
      sorted.push([Number.POSITIVE_INFINITY, metric.count ?? 0]);
    for (const [le, value] of sorted)
      samples.push({
        suffix: '_bucket',
        labels: labelsOf(pairs, ['le', formatGoFloat(le)]),
        value,
      });
  } else {
    samples.push({ labels, value: metric.value ?? 0 });
  }
  if (type === 'summary' || type === 'histogram') {
    samples.push({ suffix: '_sum', labels, value: metric.sum ?? 0 });
    samples.push({ suffix: '_count', labels, value: metric.count ?? 0 });
  }
  return { pairs, samples };
}

/** client_golang's checkSuffixCollisions: a new family against those gathered already. */
function suffixCollision(
  name: string,
  type: MetricType,
  gathered: ReadonlyMap<string, Gathered>,
): string | null {
  const base = name.endsWith('_count')
    ? name.slice(0, -6)
    : name.endsWith('_sum')
      ? name.slice(0, -4)
      : name.endsWith('_bucket')
        ? name.slice(0, -7)
        : '';
  const existing = base ? gathered.get(base) : undefined;
  if (existing?.type === 'summary' && !name.endsWith('_bucket'))
    return `collides with the summary "${base}"`;
  if (existing?.type === 'histogram') return `collides with the histogram "${base}"`;
  if (type === 'summary' || type === 'histogram') {
    for (const suffix of type === 'histogram' ? ['_count', '_sum', '_bucket'] : ['_count', '_sum'])
      if (gathered.has(name + suffix)) return `collides with the family "${name + suffix}"`;
  }
  return null;
}

/** client_golang's metricSorter: by number of labels, then label values in name order. */
function compareSeries(a: Series, b: Series): number {
  if (a.pairs.length !== b.pairs.length) return a.pairs.length - b.pairs.length;
  for (let i = 0; i < a.pairs.length; i++) {
    const c = compareBytes(
      (a.pairs[i] as [string, string])[1],
      (b.pairs[i] as [string, string])[1],
    );
    if (c !== 0) return c;
  }
  return 0;
}

export interface Problem {
  readonly msg: string;
  readonly fields: Record<string, string>;
}

/**
 * The families of all files, as node_exporter's registry lets them through. A family seen
 * before keeps its first HELP and TYPE: a later one with another HELP or TYPE is dropped, as
 * is a series seen before, and a new family whose name collides with a summary's or
 * histogram's series. node_exporter logs these and leaves node_textfile_scrape_error at 0,
 * and so does vigil.
 */
export function gather(
  files: ReadonlyArray<{ readonly path: string; readonly families: readonly TextFamily[] }>,
  problems: Map<string, Problem>,
): MetricFamily[] {
  // A family without HELP gets one naming every file that defines it.
  const filesOf = new Map<string, string[]>();
  for (const { path, families } of files)
    for (const f of families) filesOf.set(f.name, [...(filesOf.get(f.name) ?? []), path]);

  const gathered = new Map<string, Gathered>();
  const seen = new Set<string>();
  const drop = (name: string, path: string, why: string, what = 'family') =>
    problems.set(`${what}\u0000${name}\u0000${path}`, {
      msg: `textfile ${what} left out`,
      fields: { metric: name, file: path, reason: why },
    });
  for (const { path, families } of files) {
    for (const family of families) {
      const { name } = family;
      if (RESERVED_NAMES.has(name) || RESERVED_PREFIXES.some((p) => name.startsWith(p))) {
        drop(name, path, 'the name is reserved for metrics vigil exposes itself');
        continue;
      }
      const help = family.help ?? `Metric read from ${(filesOf.get(name) ?? []).join(', ')}`;
      // gauge_histogram families with samples are refused by the parser.
      const type = family.type as MetricType;
      let target = gathered.get(name);
      if (target && target.help !== help) {
        drop(name, path, `HELP "${help}" differs from the first one, "${target.help}"`);
        continue;
      }
      if (target && target.type !== type) {
        drop(name, path, `type ${type} differs from the first one, ${target.type}`);
        continue;
      }
      if (!target) {
        const collision = suffixCollision(name, type, gathered);
        if (collision) {
          drop(name, path, collision);
          continue;
        }
        target = { name, help, type, series: [] };
        gathered.set(name, target);
      }
      const nameSet = new Set<string>();
      for (const metric of family.metrics) for (const [n] of metric.labels) nameSet.add(n);
      const names = [...nameSet].sort(compareBytes);
      for (const metric of family.metrics) {
        const series = seriesOf(metric, names, type);
        let key = name;
        for (const [n, v] of series.pairs) key += `\u0000${n}\u0000${v}`;
        if (seen.has(key)) {
          drop(name, path, 'a series with the same labels was read before', 'series');
          continue;
        }
        seen.add(key);
        target.series.push(series);
      }
    }
  }
  return [...gathered.values()]
    .filter((g) => g.series.length > 0)
    .map((g) => ({
      name: g.name,
      help: g.help,
      type: g.type,
      samples: g.series.sort(compareSeries).flatMap((s) => s.samples),
    }));
}
