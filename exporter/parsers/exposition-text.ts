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

const TWO_63 = 2 ** 63;

/**
 * Go's `float64(uint64(x))` on amd64, which expfmt applies to histogram and summary counts:
 * below 2^63 the value is truncated to an int64 (out of range or NaN: -2^63) and wrapped to
 * unsigned; from 2^63 (and NaN) 2^63 is taken off first and put back as the top bit.
 */
export function goUint64(x: number): number {
  let bits: bigint;
  if (x < TWO_63) {
    bits = BigInt.asUintN(64, x >= -TWO_63 ? BigInt(Math.trunc(x)) : -(1n << 63n));
  } else {
    const rest = x - TWO_63;
    bits = (rest < TWO_63 ? BigInt(Math.trunc(rest)) : 1n << 63n) | (1n << 63n);
  }
  return Number(bits);
}

const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;

/**
 * expfmt's parseFloat: Go's `strconv.ParseFloat` without hexadecimal floats or underscores.
 * Null for text Go rejects, including a value out of float64's range.
 */
export function parseGoFloat(text: string): number | null {
  if (/^nan$/i.test(text)) return Number.NaN;
  const inf = INFINITY.exec(text);
  if (inf) return inf[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (!DECIMAL.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Go's `strconv.ParseInt(text, 10, 64)`, as a number; null when Go rejects it. */
function parseGoInt64(text: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(text)) return null;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? null : Number(value);
}

/**
 * A float as Go's `strconv.FormatFloat(v, 'g', -1, 64)` writes it, which is how
 * node_exporter writes `le` and `quantile` label values: shortest digits, exponent form from
 * 1e+06 up and below 1e-04, an exponent of at least two digits.
 */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (value === 0) return '0';
  const sign = value < 0 ? '-' : '';
  // JavaScript's shortest round-trip digits are Go's shortest digits; only the layout differs.
  const [mantissa = '', exponent = '0'] = String(Math.abs(value)).split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  let digits = whole + fraction;
  let point = whole.length + Number(exponent);
  const leading = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(leading).replace(/0+$/, '');
  point -= leading;
  const exp = point - 1;
  if (exp < -4 || exp >= 6) {
    const tail = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${digits[0]}${tail}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Character classes of names, by char code: 1 starts a label name, 2 continues one, 4 and 8 the same for metric names. */
const NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const letter = /[a-zA-Z_]/.test(ch);
  const digit = /[0-9]/.test(ch);
  NAME[c] =
    (letter ? 1 : 0) |
    (letter || digit ? 2 : 0) |
    (letter || ch === ':' ? 4 : 0) |
    (letter || digit || ch === ':' ? 8 : 0);
}
const LABEL_START = 1;
const LABEL_REST = 2;
const METRIC_START = 4;
const METRIC_REST = 8;
const SPACE = 0x20;
const TAB = 0x09;

const isBlank = (c: string) => c === ' ' || c === '\t';

/** One line and a position in it; the end of the line reads as '\n', as in Go's byte stream. */
class Cursor {
  pos = 0;
  constructor(
    readonly text: string,
    readonly line: number,
  ) {}

  ch(): string {
    return this.pos < this.text.length ? (this.text[this.pos] as string) : '\n';
  }

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipBlanks(): void {
    const { text } = this;
    let { pos } = this;
    for (let c = text.charCodeAt(pos); c === SPACE || c === TAB; c = text.charCodeAt(++pos));
    this.pos = pos;
  }

  /** Up to the next blank, tab or end of line. */
  untilBlank(): string {
    const { text } = this;
    const start = this.pos;
    let pos = start;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === SPACE || c === TAB) break;
      pos++;
    }
    this.pos = pos;
    return text.slice(start, pos);
  }

  /** A name: a first character of class `start`, then any of class `rest`; '' if none. */
  take(start: number, rest: number): string {
    const { text } = this;
    const from = this.pos;
    let c = text.charCodeAt(from);
    if (!(c < 128 && (NAME[c] as number) & start)) return '';
    let pos = from + 1;
    for (
      c = text.charCodeAt(pos);
      c < 128 && (NAME[c] as number) & rest;
      c = text.charCodeAt(++pos)
    );
    this.pos = pos;
    return text.slice(from, pos);
  }

  fail(message: string): never {
    throw new ParseError(message, this.line);
  }
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
    if (parseGoInt64(stamp) === null) c.fail(`expected integer as timestamp, got "${stamp}"`);
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
