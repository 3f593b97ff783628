import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textfileCollector } from '../../../exporter/collectors/textfile.js';
import type { LogFields, Logger } from '../../../exporter/core/logger.js';
import { serialize } from '../../../exporter/exposition/serialize.js';
import type { MetricFamily } from '../../../exporter/exposition/types.js';
import { globMatch, goGlob } from '../../../exporter/textfile/go-glob.js';
import { MAX_TEXTFILE_BYTES } from '../../../exporter/textfile/read.js';
import { type ParsedFamily, parseExposition } from '../../helpers/exposition.js';

const TREE = fileURLToPath(new URL('../../fixtures/node-exporter-1.5', import.meta.url));
const CASES = join(TREE, 'textfile');

interface LogLine {
  level: string;
  msg: string;
  fields: LogFields;
}

function recordingLogger(lines: LogLine[]): Logger {
  const at =
    (level: string) =>
    (msg: string, fields: LogFields = {}) =>
      lines.push({ level, msg, fields });
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

/** A textfile collector on `directory`, scraped as the exporter does (families by name). */
function textfile(directory: string, log: LogLine[] = []) {
  const collector = textfileCollector.create({
    paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
    logger: recordingLogger(log),
    settings: () => ({ directory }),
    collect: async () => ({ families: [], failed: [] }),
  });
  return async (): Promise<MetricFamily[]> =>
    (await collector.collect(new AbortController().signal)).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
}

const value = (families: MetricFamily[], name: string, labels: Record<string, string> = {}) =>
  families
    .find((f) => f.name === name)
    ?.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

const names = (families: MetricFamily[]) => families.map((f) => f.name);

/**
 * node_exporter's textfile_test.go runs each case with the directory
 * `fixtures/textfile/<case>` and every mtime set to 1; its `.out` file is the expected
 * /metrics. The same here: vigil's output with the tree's path and the mtimes normalised.
 */
const DIRECTORY: Record<string, string> = {
  glob_extra_dimension: '*_extra_dimension',
};
const cases = readdirSync(CASES)
  .filter((n) => n.endsWith('.out'))
  .map((n) => n.slice(0, -'.out'.length));

function normalised(families: MetricFamily[]): ParsedFamily[] {
  const text = serialize(families, 'text').replaceAll(`${CASES}/`, 'fixtures/textfile/');
  return [...parseExposition(text).values()].map((f) =>
    f.name === 'node_textfile_mtime_seconds'
      ? { ...f, samples: f.samples.map((s) => ({ ...s, value: 1 })) }
      : f,
  );
}

describe("textfile collector on node_exporter 1.5's textfile fixtures", () => {
  it('has every case', () => {
    expect(cases).toHaveLength(15);
  });

  it.each(cases)('%s: the same output as node_exporter', async (name) => {
    const expected = [
      ...parseExposition(readFileSync(join(CASES, `${name}.out`), 'utf8')).values(),
    ];
    const families = await textfile(join(CASES, DIRECTORY[name] ?? name))();
    expect(normalised(families)).toEqual(expected);
  });
});

describe('textfile collector', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-textfile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('exposes only node_textfile_scrape_error 0 without a directory (the default)', async () => {
    const families = await textfile('')();
    expect(names(families)).toEqual(['node_textfile_scrape_error']);
    expect(value(families, 'node_textfile_scrape_error')).toBe(0);
  });

  it('keeps the other files and logs a bad file once while it stays bad', async () => {
    writeFileSync(join(dir, 'good.prom'), 'good_metric 1\n');
    writeFileSync(join(dir, 'bad.prom'), 'bad_metric{x="1} 2\n');
    const log: LogLine[] = [];
    const scrape = textfile(dir, log);
    for (let i = 0; i < 3; i++) {
      const families = await scrape();
      expect(value(families, 'node_textfile_scrape_error')).toBe(1);
      expect(value(families, 'good_metric')).toBe(1);
      expect(names(families)).not.toContain('bad_metric');
      expect(value(families, 'node_textfile_mtime_seconds', { file: join(dir, 'good.prom') })).toBe(
        mtimeOf(join(dir, 'good.prom')),
      );
    }
    expect(log.filter((l) => l.level === 'error')).toEqual([
      {
        level: 'error',
        msg: 'failed to collect textfile data',
        fields: {
          file: 'bad.prom',
          err: expect.stringMatching(/^failed to parse textfile data from ".*bad\.prom": line 1:/),
        },
      },
    ]);
    writeFileSync(join(dir, 'bad.prom'), 'bad_metric{x="1"} 2\n');
    const families = await scrape();
    expect(value(families, 'node_textfile_scrape_error')).toBe(0);
    expect(value(families, 'bad_metric', { x: '1' })).toBe(2);
    expect(log.at(-1)).toMatchObject({ level: 'info', msg: 'textfile problem resolved' });
  });

  it('reports the mtime in whole seconds', async () => {
    const path = join(dir, 'm.prom');
    writeFileSync(path, 'm 1\n');
    execFileSync('touch', ['-d', '@1700000000.987654321', path]);
    const families = await textfile(dir)();
    expect(value(families, 'node_textfile_mtime_seconds', { file: path })).toBe(1700000000);
  });

  it('reads only names ending in .prom, hidden ones included, in name order', async () => {
    writeFileSync(join(dir, 'b.prom'), 'b 1\n');
    writeFileSync(join(dir, '.a.prom'), 'a 1\n');
    writeFileSync(join(dir, 'c.PROM'), 'c 1\n');
    writeFileSync(join(dir, 'd.prom.tmp'), 'd 1\n');
    const families = await textfile(dir)();
    expect(names(families)).toEqual([
      'a',
      'b',
      'node_textfile_mtime_seconds',
      'node_textfile_scrape_error',
    ]);
  });

  it('follows symbolic links to regular files', async () => {
    writeFileSync(join(dir, 'target'), 'linked 7\n');
    symlinkSync('target', join(dir, 'linked.prom'));
    const families = await textfile(dir)();
    expect(value(families, 'linked')).toBe(7);
    expect(value(families, 'node_textfile_scrape_error')).toBe(0);
  });

  it('counts a dangling link, a directory and a named pipe named *.prom as errors', async () => {
    writeFileSync(join(dir, 'ok.prom'), 'ok 1\n');
    symlinkSync('nowhere', join(dir, 'dangling.prom'));
    mkdirSync(join(dir, 'dir.prom'));
    execFileSync('mkfifo', [join(dir, 'pipe.prom')]);
    const log: LogLine[] = [];
    const families = await textfile(dir, log)();
    expect(value(families, 'ok')).toBe(1);
    expect(value(families, 'node_textfile_scrape_error')).toBe(1);
    expect(families.find((f) => f.name === 'node_textfile_mtime_seconds')?.samples).toHaveLength(1);
    expect(log.map((l) => [l.fields.file, l.fields.err])).toEqual([
      ['dangling.prom', expect.stringMatching(/^failed to open textfile data file .*ENOENT/)],
      ['dir.prom', expect.stringMatching(/is a directory, not a regular file$/)],
      ['pipe.prom', expect.stringMatching(/is a named pipe, not a regular file$/)],
    ]);
  });

  it(`refuses a file larger than ${MAX_TEXTFILE_BYTES} bytes`, async () => {
    const big = join(dir, 'big.prom');
    writeFileSync(big, 'big 1\n');
    truncateSync(big, MAX_TEXTFILE_BYTES + 1);
    writeFileSync(join(dir, 'small.prom'), 'small 1\n');
    const log: LogLine[] = [];
    const families = await textfile(dir, log)();
    expect(names(families)).not.toContain('big');
    expect(value(families, 'small')).toBe(1);
    expect(value(families, 'node_textfile_scrape_error')).toBe(1);
    expect(log[0]?.fields.err).toMatch(/is larger than 16 MiB$/);
  });

  it('reads a file of exactly the bound', async () => {
    const line = 'padded 1\n';
    const text = `${line}${'#'.repeat(MAX_TEXTFILE_BYTES - line.length - 1)}\n`;
    writeFileSync(join(dir, 'edge.prom'), text);
    const families = await textfile(dir)();
    expect(value(families, 'padded')).toBe(1);
    expect(value(families, 'node_textfile_scrape_error')).toBe(0);
  });

  it('refuses a file that is not UTF-8 outside comments, and takes one inside', async () => {
    writeFileSync(join(dir, 'a.prom'), Buffer.from('# HELP a caf\xe9\na 1\n', 'latin1'));
    writeFileSync(join(dir, 'b.prom'), Buffer.from('b{x="caf\xe9"} 1\n', 'latin1'));
    const log: LogLine[] = [];
    const families = await textfile(dir, log)();
    expect(families.find((f) => f.name === 'a')?.help).toBe('caf\ufffd');
    expect(names(families)).not.toContain('b');
    expect(log[0]?.fields.err).toMatch(/b\.prom": line 1: invalid UTF-8$/);
  });

  it('leaves out families named as vigil’s own metrics, without a scrape error', async () => {
    writeFileSync(
      join(dir, 'own.prom'),
      'node_textfile_scrape_error 5\nprocess_cpu_seconds_total 3\nvigil_build_info 1\nmine 2\n',
    );
    const log: LogLine[] = [];
    const families = await textfile(dir, log)();
    expect(value(families, 'node_textfile_scrape_error')).toBe(0);
    expect(names(families)).toEqual([
      'mine',
      'node_textfile_mtime_seconds',
      'node_textfile_scrape_error',
    ]);
    expect(log.map((l) => l.fields.metric)).toEqual([
      'node_textfile_scrape_error',
      'process_cpu_seconds_total',
      'vigil_build_info',
    ]);
  });

  // The rules below are client_golang's registry checks, which node_exporter applies to the
  // textfile families of one scrape; each was checked against node_exporter 1.5.
  it('keeps the first of two families with different types, and logs the other', async () => {
    writeFileSync(join(dir, '1.prom'), '# TYPE a gauge\na{f="1"} 1\n');
    writeFileSync(join(dir, '2.prom'), '# TYPE a counter\na{f="2"} 2\n');
    const log: LogLine[] = [];
    const families = await textfile(dir, log)();
    expect(families.find((f) => f.name === 'a')).toMatchObject({
      type: 'gauge',
      samples: [{ labels: { f: '1' }, value: 1 }],
    });
    expect(value(families, 'node_textfile_scrape_error')).toBe(0);
    expect(log[0]?.fields.reason).toBe('type counter differs from the first one, gauge');
  });

  it('drops a repeated series and merges families with different label names', async () => {
    writeFileSync(join(dir, '1.prom'), 'a{x="1"} 1\na{x="1"} 2\nb{x="1"} 1\n');
    writeFileSync(join(dir, '2.prom'), 'b{y="2"} 2\n');
    const families = await textfile(dir)();
    expect(families.find((f) => f.name === 'a')?.samples).toEqual([
      { labels: { x: '1' }, value: 1 },
    ]);
    expect(families.find((f) => f.name === 'b')?.samples).toEqual([
      { labels: { x: '1' }, value: 1 },
      { labels: { y: '2' }, value: 2 },
    ]);
  });

  it('drops a family that collides with the series of an earlier summary', async () => {
    writeFileSync(join(dir, '1.prom'), '# TYPE s summary\ns_sum 1\ns_count 2\n');
    writeFileSync(join(dir, '2.prom'), 's_count 7\ns_bucket 3\n');
    const families = await textfile(dir)();
    expect(names(families)).toEqual([
      'node_textfile_mtime_seconds',
      'node_textfile_scrape_error',
      's',
      's_bucket',
    ]);
    expect(value(families, 's_bucket')).toBe(3);
  });

  it('completes histograms and orders quantiles and buckets as node_exporter writes them', async () => {
    writeFileSync(
      join(dir, 'h.prom'),
      [
        '# TYPE h histogram',
        'h_bucket{le="1e6"} 1',
        'h_bucket{le="0.5"} 0.9',
        'h_count 3',
        '# TYPE s summary',
        's{quantile="0.50"} 1',
        's{quantile="1e-5"} 2',
        '',
      ].join('\n'),
    );
    const families = await textfile(dir)();
    expect(families.find((f) => f.name === 'h')?.samples).toEqual([
      { suffix: '_bucket', labels: { le: '0.5' }, value: 0 },
      { suffix: '_bucket', labels: { le: '1e+06' }, value: 1 },
      { suffix: '_bucket', labels: { le: '+Inf' }, value: 3 },
      { suffix: '_sum', labels: {}, value: 0 },
      { suffix: '_count', labels: {}, value: 3 },
    ]);
    expect(families.find((f) => f.name === 's')?.samples.map((s) => s.labels)).toEqual([
      { quantile: '1e-05' },
      { quantile: '0.5' },
      {},
      {},
    ]);
  });

  it('reads every directory a glob pattern matches, and a missing one as an error', async () => {
    for (const d of ['x1', 'x2', 'y']) {
      mkdirSync(join(dir, d));
      writeFileSync(join(dir, d, 'm.prom'), `m_${d} 1\n`);
    }
    let families = await textfile(join(dir, 'x[0-9]'))();
    expect(names(families).filter((n) => n.startsWith('m_'))).toEqual(['m_x1', 'm_x2']);
    expect(value(families, 'node_textfile_scrape_error')).toBe(0);
    families = await textfile(join(dir, 'z*'))();
    expect(value(families, 'node_textfile_scrape_error')).toBe(1);
  });
});

function mtimeOf(path: string): number {
  return Number(execFileSync('stat', ['-c', '%Y', path], { encoding: 'utf8' }).trim());
}

describe("Go's filepath.Match and Glob", () => {
  it.each([
    ['*.prom', 'a.prom', true],
    ['*.prom', '.prom', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'bx', false],
    ['[^a-c]x', 'dx', true],
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['*_extra_dimension', 'summary_extra_dimension', true],
    ['*a*b', 'xaayb', true],
    ['*a*b', 'xaayc', false],
    ['[é]', 'é', true],
    ['[z-a]', 'q', false],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(globMatch(pattern, name)).toBe(expected);
  });

  it.each(['[', '[]a]', '[-a]', '[a-]', 'a\\', '[^]'])('rejects the malformed %s', (pattern) => {
    expect(() => globMatch(pattern, 'a')).toThrow();
  });

  it('matches at each level and sorts, as Go does', async () => {
    const results = await goGlob(`${CASES}/*_extra_dimension`);
    expect(results).toEqual([
      `${CASES}/histogram_extra_dimension`,
      `${CASES}/summary_extra_dimension`,
    ]);
    expect(await goGlob(`${TREE}/text*/summ*/metrics.prom`)).toEqual([
      `${CASES}/summary/metrics.prom`,
      `${CASES}/summary_extra_dimension/metrics.prom`,
    ]);
    // A pattern with a trailing slash matches nothing in Go; node_exporter then reads it as
    // a plain path, which fails.
    expect(await goGlob(`${CASES}/*_extra_dimension/`)).toEqual([]);
    expect(await goGlob(`${CASES}/two_metric_files/`)).toEqual([`${CASES}/two_metric_files/`]);
  });
});
