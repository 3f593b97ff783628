import { constants } from 'node:fs';
import { lstat, open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type Collector, defineCollector } from '../core/collector.js';
import type { Logger } from '../core/logger.js';
import { gauge, single } from '../exposition/family.js';
import type { Labels, MetricFamily, MetricType, Sample } from '../exposition/types.js';
import {
  decodeExposition,
  formatGoFloat,
  parseExpositionText,
  type TextFamily,
  type TextMetric,
} from '../parsers/exposition-text.js';
import { ParseError } from '../parsers/parse-error.js';

/**
 * The largest textfile read, in bytes. node_exporter has no bound. A textfile holds a batch
 * job's or an inventory script's few series, kilobytes; 16 MiB is some 200,000 series, far
 * past any sensible use, and still a bounded amount of memory and of parsing on the event
 * loop (the file is read whole and parsed at every scrape). What it stops is the runaway
 * writer: a script that appends instead of rewriting, or a log that happens to end in .prom.
 */
export const MAX_TEXTFILE_BYTES = 16 * 1024 * 1024;

/**
 * Names a textfile may not define because vigil itself exposes them outside any collector
 * (its own and the process's metrics) or because they are this collector's own. In
 * node_exporter such a family makes the scrape's gathering fail for one of the two, and for
 * its own two metrics the file's family wins; in vigil the file's family is left out.
 */
const RESERVED_PREFIXES = ['vigil_', 'nodejs_', 'process_', 'node_scrape_collector_'];
const MTIME = 'node_textfile_mtime_seconds';
const SCRAPE_ERROR = 'node_textfile_scrape_error';
const RESERVED_NAMES = new Set([MTIME, SCRAPE_ERROR]);

/** The `collectors.textfile:` section. */
export const textfileSection = z
  .strictObject({
    /** A directory or a Go glob pattern of directories; empty reads none (node_exporter's default). */
    directory: z.string().default(''),
  })
  .prefault({});

export type TextfileSettings = z.output<typeof textfileSection>;

// ---------------------------------------------------------------------------------------------
// Go's filepath.Glob, which node_exporter 1.5 applies to --collector.textfile.directory.

/** A malformed glob pattern (Go's filepath.ErrBadPattern). */
class BadPattern extends Error {}

type GlobToken =
  | { readonly kind: 'star' }
  | { readonly kind: 'any' }
  | { readonly kind: 'char'; readonly cp: number }
  | {
      readonly kind: 'class';
      readonly negated: boolean;
      readonly ranges: ReadonlyArray<readonly [number, number]>;
    };

/** Tokens of a Go `filepath.Match` pattern; throws BadPattern where Go returns ErrBadPattern. */
function globTokens(pattern: string): GlobToken[] {
  const cps = Array.from(pattern, (ch) => ch.codePointAt(0) as number);
  const tokens: GlobToken[] = [];
  const BACKSLASH = 0x5c;
  let i = 0;
  /** One character of a class (Go's getEsc): not '-' or ']' unescaped, not the last. */
  const classChar = (): number => {
    let cp = cps[i];
    if (cp === undefined || cp === 0x2d || cp === 0x5d) throw new BadPattern();
    if (cp === BACKSLASH) {
      i++;
      cp = cps[i];
      if (cp === undefined) throw new BadPattern();
    }
    i++;
    if (i >= cps.length) throw new BadPattern();
    return cp;
  };
  while (i < cps.length) {
    const cp = cps[i] as number;
    if (cp === 0x2a) {
      tokens.push({ kind: 'star' });
      i++;
    } else if (cp === 0x3f) {
      tokens.push({ kind: 'any' });
      i++;
    } else if (cp === BACKSLASH) {
      const next = cps[i + 1];
      if (next === undefined) throw new BadPattern();
      tokens.push({ kind: 'char', cp: next });
      i += 2;
    } else if (cp === 0x5b) {
      i++;
      const negated = cps[i] === 0x5e;
      if (negated) i++;
      const ranges: Array<[number, number]> = [];
      for (;;) {
        if (cps[i] === 0x5d && ranges.length > 0) {
          i++;
          break;
        }
        const lo = classChar();
        let hi = lo;
        if (cps[i] === 0x2d) {
          i++;
          hi = classChar();
        }
        ranges.push([lo, hi]);
      }
      tokens.push({ kind: 'class', negated, ranges });
    } else {
      tokens.push({ kind: 'char', cp });
      i++;
    }
  }
  return tokens;
}

/** Go's `filepath.Match` on one path element (no separator): the whole name must match. */
export function globMatch(pattern: string, name: string): boolean {
  const tokens = globTokens(pattern);
  const cps = Array.from(name, (ch) => ch.codePointAt(0) as number);
  // reach[j]: the tokens so far can match the first j characters.
  let reach = cps.map(() => false).concat(false);
  reach[0] = true;
  for (const token of tokens) {
    const next = cps.map(() => false).concat(false);
    for (let j = 0; j <= cps.length; j++) {
      if (token.kind === 'star') {
        next[j] = reach[j] || (j > 0 && next[j - 1] === true && cps[j - 1] !== 0x2f);
        continue;
      }
      if (j === 0 || !reach[j - 1]) continue;
      const cp = cps[j - 1] as number;
      if (token.kind === 'any') next[j] = cp !== 0x2f;
      else if (token.kind === 'char') next[j] = cp === token.cp;
      else next[j] = token.ranges.some(([lo, hi]) => lo <= cp && cp <= hi) !== token.negated;
    }
    reach = next;
  }
  return reach[cps.length] === true;
}

const hasMeta = (path: string) => /[*?[\\]/.test(path);

/** Go's `filepath.Glob`: sorted matches, I/O errors ignored; BadPattern for a malformed one. */
export async function goGlob(pattern: string): Promise<string[]> {
  globTokens(pattern);
  if (!hasMeta(pattern)) {
    try {
      await lstat(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const slash = pattern.lastIndexOf('/');
  let dir = pattern.slice(0, slash + 1);
  const file = pattern.slice(slash + 1);
  dir = dir === '' ? '.' : dir === '/' ? dir : dir.slice(0, -1);
  if (!hasMeta(dir)) return globIn(dir, file);
  if (dir === pattern) throw new BadPattern();
  const matches: string[] = [];
  for (const d of await goGlob(dir)) matches.push(...(await globIn(d, file)));
  return matches;
}

async function globIn(dir: string, pattern: string): Promise<string[]> {
  try {
    if (!(await stat(dir)).isDirectory()) return [];
    const names = (await readdir(dir)).sort(compareBytes);
    return names.filter((n) => globMatch(pattern, n)).map((n) => join(dir, n));
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Reading one file.

/**
 * Go compares strings bytewise, which is code point order. UTF-16 code units are in that
 * order too, except surrogates (code points above U+FFFF), which sort below U+E000-U+FFFF:
 * lift them above.
 */
function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && x < 0xe000) x += 0x10000;
    if (y >= 0xd800 && y < 0xe000) y += 0x10000;
    return x - y;
  }
  return a.length - b.length;
}

/** A file the collector could not use; the message is logged and the file skipped. */
class FileError extends Error {}

interface ReadFile {
  readonly families: TextFamily[];
  readonly mtimeSeconds: number;
}

function kindOf(s: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a named pipe';
  if (s.isSocket()) return 'a socket';
  return 'a device';
}

/**
 * Read and parse one textfile. Symbolic links are followed, as node_exporter does, so that
 * files linked in by configuration management work; whatever they lead to must be a regular
 * file: a directory, pipe, socket or device named *.prom is an error (node_exporter reads a
 * directory as an empty file and would block forever on a pipe). The type is checked before
 * opening (opening a device can have effects) and again on the open file, which is what is
 * read.
 */
async function readTextfile(path: string): Promise<ReadFile> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    const before = await stat(path);
    if (!before.isFile()) throw new FileError(`"${path}" is ${kindOf(before)}, not a regular file`);
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    if (err instanceof FileError) throw err;
    throw new FileError(`failed to open textfile data file "${path}": ${(err as Error).message}`);
  }
  try {
    const info = await handle.stat({ bigint: true });
    if (!info.isFile()) throw new FileError(`"${path}" is ${kindOf(info)}, not a regular file`);
    const tooLarge = () =>
      new FileError(`"${path}" is larger than ${MAX_TEXTFILE_BYTES / 1024 / 1024} MiB`);
    if (info.size > BigInt(MAX_TEXTFILE_BYTES)) throw tooLarge();
    // The file may still grow after the stat: read to its end, or to one byte past the bound.
    let buffer = Buffer.alloc(Math.min(Number(info.size) + 1, MAX_TEXTFILE_BYTES + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > MAX_TEXTFILE_BYTES) throw tooLarge();
        const bigger = Buffer.alloc(Math.min(2 * length, MAX_TEXTFILE_BYTES + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    let families: TextFamily[];
    try {
      families = parseExpositionText(decodeExposition(buffer.subarray(0, length)));
    } catch (err) {
      if (err instanceof ParseError)
        throw new FileError(`failed to parse textfile data from "${path}": ${err.message}`);
      throw err;
    }
    if (families.some((f) => f.metrics.some((m) => m.timestampLine !== undefined)))
      throw new FileError(
        `textfile "${path}" contains unsupported client-side timestamps, skipping entire file`,
      );
    // Go's UnixNano() / 1e9: whole seconds, truncated.
    return { families, mtimeSeconds: Number(info.mtimeNs / 1_000_000_000n) };
  } catch (err) {
    if (err instanceof FileError) throw err;
    throw new FileError(`failed to read textfile "${path}": ${(err as Error).message}`);
  } finally {
    await handle.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// node_exporter's conversion and its registry's checks, for the families of all files.

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

interface Problem {
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
function gather(
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

// ---------------------------------------------------------------------------------------------

/** Logs each problem once when it appears or changes, and once more when it is gone. */
class ProblemLog {
  private logged = new Map<string, string>();

  constructor(private readonly logger: Logger) {}

  update(problems: ReadonlyMap<string, Problem>): void {
    const next = new Map<string, string>();
    for (const [key, problem] of problems) {
      const text = JSON.stringify(problem);
      next.set(key, text);
      if (this.logged.get(key) !== text) this.logger.error(problem.msg, problem.fields);
    }
    for (const [key, text] of this.logged) {
      if (!next.has(key)) {
        const { fields } = JSON.parse(text) as Problem;
        this.logger.info('textfile problem resolved', fields);
      }
    }
    this.logged = next;
  }
}

function textfile(logger: Logger, settings: () => TextfileSettings): Collector<TextfileSettings> {
  const log = new ProblemLog(logger);
  return {
    async collect(signal) {
      const { directory } = settings();
      const problems = new Map<string, Problem>();
      let errored = false;
      const files: Array<{ path: string; families: TextFamily[] }> = [];
      const mtimes = new Map<string, number>();

      let dirs: string[] = [];
      if (directory !== '') {
        try {
          dirs = await goGlob(directory);
        } catch {
          // A malformed pattern is taken as a plain path, as node_exporter does.
        }
        if (dirs.length === 0) dirs = [directory];
      }
      for (const dir of dirs) {
        let names: string[] = [];
        try {
          names = (await readdir(dir)).sort(compareBytes);
        } catch (err) {
          errored = true;
          problems.set(`dir\u0000${dir}`, {
            msg: 'failed to read textfile collector directory',
            fields: { path: dir, err: (err as Error).message },
          });
        }
        for (const name of names) {
          if (!name.endsWith('.prom')) continue;
          if (signal.aborted) throw new Error('textfile collection aborted at the deadline');
          const path = join(dir, name);
          try {
            const read = await readTextfile(path);
            files.push({ path, families: read.families });
            mtimes.set(path, read.mtimeSeconds);
          } catch (err) {
            errored = true;
            problems.set(`file\u0000${path}`, {
              msg: 'failed to collect textfile data',
              fields: { file: name, err: (err as Error).message },
            });
          }
        }
      }

      const families = gather(files, problems);
      log.update(problems);
      if (mtimes.size > 0) {
        const mtime = gauge(MTIME, 'Unixtime mtime of textfiles successfully read.');
        for (const path of [...mtimes.keys()].sort(compareBytes))
          mtime.add(mtimes.get(path) as number, { file: path });
        families.push(mtime.build());
      }
      families.push(
        single(
          SCRAPE_ERROR,
          '1 if there was an error opening or reading a file, 0 otherwise',
          'gauge',
          errored ? 1 : 0,
        ),
      );
      return families;
    },
  };
}

export const textfileCollector = defineCollector<TextfileSettings>({
  name: 'textfile',
  defaultEnabled: true,
  nodeExporter: true,
  yieldsNames: true,
  description:
    'Metrics from *.prom files in the Prometheus text format (--collector.textfile.directory).',
  section: ['collectors', 'textfile'],
  flags: [
    {
      name: 'directory',
      key: 'directory',
      type: 'string',
      default: '',
      help: 'Directory to read text files with metrics from; a glob pattern reads several (collectors.textfile.directory).',
    },
  ],
  create: ({ logger, settings }) => textfile(logger, settings),
});
