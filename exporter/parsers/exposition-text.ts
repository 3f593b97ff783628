import {
  Cursor,
  isBlank,
  LABEL_REST,
  LABEL_START,
  METRIC_REST,
  METRIC_START,
} from './exposition-text-cursor.js';
import { goInt64, goUint64, parseGoFloat } from './go-numbers.js';
import { ParseError } from './parse-error.js';

/**
 * The Prometheus text exposition format 0.0.4, read as node_exporter 1.5 reads textfiles
 * (prometheus/common's expfmt.TextParser): the same lines accepted, the same rejected, the
 * same families out. Where the format is loose, this follows that parser, not the spec:
 *
 * - every line ends with a newline: a last line without one is an error;
 * - `# HELP` with no text (or only blanks) is no HELP; `# TYPE` is case-insensitive and must
 *   precede the family's samples; a second HELP or TYPE for a family is an error;
 * - `name_sum`, `name_count` (and `name_bucket`) belong to a summary (histogram) `name`
 *   declared earlier in the file; otherwise they are families of their own;
 * - only blanks and tabs separate tokens, so a blank after the value is read as an empty
 *   timestamp (an error), and a carriage return is part of the token before it;
 * - a summary line without `quantile` and a histogram line without `le` (or with NaN there)
 *   only make sure the summary or histogram exists;
 * - histogram and summary counts become Go `uint64`s, with Go's conversion on amd64
 *   (`goUint64`): fractions are cut, a negative count wraps round.
 *
 * Where node_exporter 1.5 crashes on a file (a label name starting with `__`, a sample of a
 * `gauge_histogram`), this parser rejects the file instead. It is pure; the textfile
 * collector reads the files, applies node_exporter's rules across files and refuses
 * client-side timestamps.
 */

export type TextMetricType =
  | 'counter'
  | 'gauge'
  | 'untyped'
  | 'summary'
  | 'histogram'
  | 'gauge_histogram';

/** Label pairs in file order; for summaries and histograms without `quantile` and `le`. */
export type TextLabels = ReadonlyArray<readonly [name: string, value: string]>;

export interface TextQuantile {
  readonly quantile: number;
  readonly value: number;
}

export interface TextBucket {
  readonly upperBound: number;
  /** The cumulative count, as Go's `uint64` conversion leaves it. */
  readonly count: number;
}

export interface TextMetric {
  readonly labels: TextLabels;
  /** Line of the sample's client-side timestamp, when it has one (of any of its lines). */
  readonly timestampLine?: number;
  /** Counter, gauge and untyped samples. */
  readonly value?: number;
  /** Summaries: in file order, duplicates kept. */
  readonly quantiles?: readonly TextQuantile[];
  /** Histograms: in file order, duplicates kept. */
  readonly buckets?: readonly TextBucket[];
  /** Summaries and histograms; 0 when the file gives none. */
  readonly sum?: number;
  readonly count?: number;
}

export interface TextFamily {
  readonly name: string;
  /** Undefined when the file gives no HELP (or an empty one). */
  readonly help: string | undefined;
  readonly type: TextMetricType;
  readonly metrics: readonly TextMetric[];
}

const TYPES: ReadonlyMap<string, TextMetricType> = new Map([
  ['COUNTER', 'counter'],
  ['GAUGE', 'gauge'],
  ['UNTYPED', 'untyped'],
  ['SUMMARY', 'summary'],
  ['HISTOGRAM', 'histogram'],
  ['GAUGE_HISTOGRAM', 'gauge_histogram'],
]);

interface MutableMetric {
  labels: Array<[string, string]>;
  timestampLine?: number;
  value?: number;
  quantiles?: TextQuantile[];
  buckets?: TextBucket[];
  sum?: number;
  count?: number;
}

interface MutableFamily {
  name: string;
  help: string | undefined;
  type: TextMetricType | undefined;
  metrics: MutableMetric[];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * A file's bytes as text. node_exporter takes any bytes in comments and HELP text but no
 * invalid UTF-8 in a sample line (a label value must be UTF-8, and names, values and
 * timestamps are ASCII), so: comment lines are decoded leniently, with U+FFFD for invalid
 * bytes, and invalid UTF-8 on any other line is a ParseError naming it. A byte order mark
 * is kept, and rejected by the parser as node_exporter does.
 */
export function decodeExposition(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // Some line is not UTF-8: find it.
  }
  const lines: string[] = [];
  let start = 0;
  for (let lineNo = 1; start <= bytes.length; lineNo++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const line = bytes.subarray(start, end);
    try {
      lines.push(strictUtf8.decode(line));
    } catch {
      let first = 0;
      while (line[first] === 0x20 || line[first] === 0x09) first++;
      if (line[first] !== 0x23) throw new ParseError('invalid UTF-8', lineNo);
      lines.push(lossyUtf8.decode(line));
    }
    start = end + 1;
  }
  return lines.join('\n');
}

/** Parse one exposition; a ParseError names the first offending line. */
export function parseExpositionText(text: string): TextFamily[] {
  return new TextParser().parse(text);
}

class TextParser {
  private readonly families = new Map<string, MutableFamily>();
  private isSum = false;
  private isCount = false;
  private readonly summaries = new Map<string, MutableMetric>();
  private readonly histograms = new Map<string, MutableMetric>();

  parse(text: string): TextFamily[] {
    const lines = text.split('\n');
    // Every line ends with '\n': what follows the last one must be blank.
    const last = lines.pop() as string;
    lines.forEach((line, i) => {
      this.line(new Cursor(line, i + 1));
    });
    if (/[^ \t]/.test(last))
      throw new ParseError(
        'unexpected end of input stream (no newline at the end)',
        lines.length + 1,
      );
    return [...this.families.values()]
      .filter((f) => f.metrics.length > 0)
      .map((f) => ({
        name: f.name,
        help: f.help,
        type: f.type ?? 'untyped',
        metrics: f.metrics,
      }));
  }

  private line(c: Cursor): void {
    c.skipBlanks();
    if (c.atEnd) return;
    if (c.ch() === '#') {
      c.pos++;
      this.comment(c);
    } else this.sample(c);
  }

  /** expfmt's setOrCreateCurrentMF: `_sum`/`_count`/`_bucket` join a declared family. */
  private familyFor(name: string): MutableFamily {
    this.isSum = false;
    this.isCount = false;
    const own = this.families.get(name);
    if (own) return own;
    const count = name.length > 6 && name.endsWith('_count');
    const sum = name.length > 4 && name.endsWith('_sum');
    const bucket = name.length > 7 && name.endsWith('_bucket');
    const base = count ? name.slice(0, -6) : sum ? name.slice(0, -4) : name;
    const summary = this.families.get(base);
    if (summary?.type === 'summary') {
      this.isCount = count;
      this.isSum = sum;
      return summary;
    }
    const histogram = this.families.get(bucket ? name.slice(0, -7) : base);
    if (histogram?.type === 'histogram') {
      this.isCount = count;
      this.isSum = sum;
      return histogram;
    }
    const family: MutableFamily = { name, help: undefined, type: undefined, metrics: [] };
    this.families.set(name, family);
    return family;
  }

  private comment(c: Cursor): void {
    c.skipBlanks();
    if (c.atEnd) return;
    const keyword = c.untilBlank();
    if (c.atEnd || (keyword !== 'HELP' && keyword !== 'TYPE')) return;
    c.skipBlanks();
    const name = c.take(METRIC_START, METRIC_REST);
    if (c.atEnd) return;
    if (!isBlank(c.ch())) c.fail('invalid metric name in comment');
    const family = this.familyFor(name);
    c.skipBlanks();
    if (c.atEnd) return;
    if (keyword === 'HELP') {
      if (family.help !== undefined) c.fail(`second HELP line for metric name "${family.name}"`);
      family.help = this.help(c);
      return;
    }
    if (family.type !== undefined)
      c.fail(`second TYPE line for metric name "${family.name}", or TYPE reported after samples`);
    const word = c.text.slice(c.pos);
    const type = TYPES.get(word.toUpperCase());
    if (type === undefined) c.fail(`unknown metric type "${word}"`);
    family.type = type;
  }

  /** The rest of a HELP line, with `\\` and `\n` escapes. */
  private help(c: Cursor): string {
    let out = '';
    for (; !c.atEnd; c.pos++) {
      const ch = c.ch();
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      c.pos++;
      const next = c.ch();
      if (next === '\\') out += '\\';
      else if (next === 'n') out += '\n';
      else c.fail(`invalid escape sequence '\\${next}'`);
    }
    return out;
  }

  private sample(c: Cursor): void {
    const name = c.take(METRIC_START, METRIC_REST);
    if (name === '') c.fail('invalid metric name');
    const family = this.familyFor(name);
    family.type ??= 'untyped';
    if (family.type === 'gauge_histogram')
      c.fail(`samples of gauge_histogram "${family.name}" are not supported`);
    const special = family.type === 'summary' || family.type === 'histogram';
    const bound = family.type === 'summary' ? 'quantile' : family.type === 'histogram' ? 'le' : '';
    const labels: Array<[string, string]> = [];
    let boundValue = Number.NaN;
    c.skipBlanks();
    if (c.ch() === '{') {
      c.pos++;
      for (;;) {
        c.skipBlanks();
        if (c.ch() === '}') break;
        const label = c.take(LABEL_START, LABEL_REST);
        if (label === '') c.fail(`invalid label name for metric "${family.name}"`);
        if (label.startsWith('__')) c.fail(`label name "${label}" is reserved`);
        c.skipBlanks();
        if (c.ch() !== '=') c.fail(`expected '=' after label name, found "${c.ch()}"`);
        c.pos++;
        const isBound = special && label === bound;
        if (!isBound && labels.some(([n]) => n === label))
          c.fail(`duplicate label names for metric "${family.name}"`);
        c.skipBlanks();
        if (c.ch() !== '"') c.fail(`expected '"' at start of label value, found "${c.ch()}"`);
        c.pos++;
        const value = this.labelValue(c);
        if (isBound) {
          const parsed = parseGoFloat(value);
          if (parsed === null)
            c.fail(`expected float as value for '${bound}' label, got "${value}"`);
          boundValue = parsed;
        } else labels.push([label, value]);
        c.skipBlanks();
        if (c.ch() === ',') {
          c.pos++;
          continue;
        }
        if (c.ch() !== '}') c.fail(`unexpected end of label value "${value}"`);
        break;
      }
      c.pos++;
      c.skipBlanks();
    }
    const metric = this.metricFor(family, labels);
    const text = c.untilBlank();
    const value = parseGoFloat(text);
    if (value === null) c.fail(`expected float as value, got "${text}"`);
    this.record(family, metric, value, boundValue);
    if (c.atEnd) return;
    c.skipBlanks();
    const stamp = c.untilBlank();
    if (goInt64(stamp) === null) c.fail(`expected integer as timestamp, got "${stamp}"`);
    if (!c.atEnd) c.fail(`spurious string after timestamp: "${c.text.slice(c.pos)}"`);
    metric.timestampLine ??= c.line;
  }

  /** A quoted label value after its opening quote, up to and past the closing one. */
  private labelValue(c: Cursor): string {
    const { text } = c;
    let out = '';
    for (;;) {
      // Plain characters up to the next quote or backslash in one slice.
      let end = c.pos;
      while (end < text.length) {
        const ch = text.charCodeAt(end);
        if (ch === 0x22 || ch === 0x5c) break;
        end++;
      }
      out += text.slice(c.pos, end);
      c.pos = end;
      if (c.atEnd) c.fail(`label value "${out}" contains unescaped new-line`);
      const ch = c.ch();
      c.pos++;
      if (ch === '"') return out;
      if (c.atEnd) c.fail(`label value "${out}" contains unescaped new-line`);
      const next = c.ch();
      c.pos++;
      if (next === '"' || next === '\\') out += next;
      else if (next === 'n') out += '\n';
      else c.fail(`invalid escape sequence '\\${next}'`);
    }
  }

  /** A summary's or histogram's lines with the same labels make one metric. */
  private metricFor(family: MutableFamily, labels: Array<[string, string]>): MutableMetric {
    const grouped =
      family.type === 'summary'
        ? this.summaries
        : family.type === 'histogram'
          ? this.histograms
          : null;
    if (!grouped) {
      const metric: MutableMetric = { labels };
      family.metrics.push(metric);
      return metric;
    }
    const key = [family.name, ...labels.map(([n, v]) => `${n}\u0000${v}`).sort()].join('\u0001');
    let metric = grouped.get(key);
    if (!metric) {
      metric = { labels };
      grouped.set(key, metric);
      family.metrics.push(metric);
    }
    return metric;
  }

  private record(family: MutableFamily, metric: MutableMetric, value: number, bound: number): void {
    if (family.type === 'summary') {
      metric.sum ??= 0;
      metric.count ??= 0;
      metric.quantiles ??= [];
      if (this.isCount) metric.count = goUint64(value);
      else if (this.isSum) metric.sum = value;
      else if (!Number.isNaN(bound)) metric.quantiles.push({ quantile: bound, value });
    } else if (family.type === 'histogram') {
      metric.sum ??= 0;
      metric.count ??= 0;
      metric.buckets ??= [];
      if (this.isCount) metric.count = goUint64(value);
      else if (this.isSum) metric.sum = value;
      else if (!Number.isNaN(bound))
        metric.buckets.push({ upperBound: bound, count: goUint64(value) });
    } else metric.value = value;
  }
}
