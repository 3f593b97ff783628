/**
 * Differential test of the textfile collector: Debian's node_exporter 1.5 and vigil's
 * collector read the same directory, and must expose the same families (HELP, TYPE, series,
 * labels, values, in the same order), node_textfile_scrape_error and the mtimes included.
 * The directories are node_exporter's own textfile fixtures and the cases below, which pin
 * how the text format is read at its edges and how files combine.
 *
 * Left out on purpose, where vigil differs from node_exporter 1.5 (tested in
 * test/unit/collectors/textfile.test.ts): a directory, pipe, socket or device named *.prom
 * (an error in vigil; node_exporter reads a directory as an empty file and blocks on a
 * pipe), a file over 16 MiB, a family named as one of vigil's own metrics, and the files on
 * which node_exporter crashes (a label name starting with `__`, a gauge_histogram sample).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textfileCollector } from '../../exporter/collectors/textfile.js';
import { silentLogger } from '../../exporter/core/logger.js';
import { serialize } from '../../exporter/exposition/serialize.js';
import { type ParsedFamily, parseExposition } from '../helpers/exposition.js';
import { freePort, waitForHttp } from '../helpers/ports.js';
import { findTool } from '../helpers/tools.js';

const nodeExporter = findTool('prometheus-node-exporter', 'node_exporter');
const FIXTURES = fileURLToPath(new URL('../fixtures/node-exporter-1.5/textfile', import.meta.url));

/** Files of one case: name to content (latin1 for bytes that are not UTF-8). */
type Files = Record<string, string | Buffer>;

const CASES: Record<string, Files> = {
  'no newline at the end': { 'm.prom': 'a 1\nb 2' },
  'a blank after the value': { 'm.prom': 'a 1 \nb 2\n' },
  'CRLF line ends': { 'm.prom': 'a 1\r\n' },
  'CR in a comment': { 'm.prom': '# hello\r\na 1\n' },
  'TYPE after samples': { 'm.prom': 'a 1\n# TYPE a gauge\n' },
  'TYPE in capitals': { 'm.prom': '# TYPE a COUNTER\na 1\n# TYPE b Gauge\nb 2\n' },
  'TYPE unknown': { 'm.prom': '# TYPE a foo\na 1\n' },
  'TYPE without a type': { 'm.prom': '# TYPE a\na 1\n' },
  'gauge_histogram without samples': { 'm.prom': '# TYPE a gauge_histogram\nb 1\n' },
  'GAUGE_HISTOGRAM declared only': { 'm.prom': '# TYPE a GAUGE_HISTOGRAM\n' },
  'gauge_histogram suffixes': {
    'm.prom': '# TYPE g gauge_histogram\ng_bucket{le="1"} 1\ng_count 1\n',
  },
  'second HELP': { 'm.prom': '# HELP a x\n# HELP a y\na 1\n' },
  'HELP after samples': { 'm.prom': 'a 1\n# HELP a late\n' },
  'HELP empty': { 'm.prom': '# HELP a \n# TYPE a gauge\na 1\n' },
  'HELP without a name': { 'm.prom': '# HELP\na 1\n' },
  'HELP with a bad name': { 'm.prom': '# HELP 1a x\na 1\n' },
  'HELP with a name and braces': { 'm.prom': '# HELP a{x} x\na 1\n' },
  'HELP with trailing blanks': { 'm.prom': '# HELP a some help  \na 1\n' },
  'HELP ending in a backslash': { 'm.prom': '# HELP a x\\\na 1\n' },
  'HELP with a bad escape': { 'm.prom': '# HELP a x\\ty\na 1\n' },
  'HELP on a summary _count line': {
    'm.prom': '# TYPE s summary\n# HELP s_count via count\ns_count 3\n',
  },
  'comments only': { 'm.prom': '# just a comment\n#\n# HELP x\n# TYPE y counter\n' },
  'no space after #': { 'm.prom': '#HELP a h\n#TYPE a gauge\na 1\n' },
  'an empty file': { 'e.prom': '' },
  'escapes in label values and HELP': {
    'm.prom': 'a{x="q\\"b\\\\s\\nn"} 1\n# HELP b he\\\\lp\\nx\nb 1\n',
  },
  'a bad escape in a label value': { 'm.prom': 'a{x="\\t"} 1\n' },
  'an unterminated label value': { 'm.prom': 'a{x="1} 2\n' },
  'a repeated label name': { 'm.prom': 'a{x="1",x="2"} 1\n' },
  'an empty label name': { 'm.prom': 'a{="x"} 1\n' },
  'the __name__ label': { 'm.prom': 'a{__name__="x"} 1\n' },
  'a name starting with a digit': { 'm.prom': '1a 1\n' },
  'no value': { 'm.prom': 'a\n' },
  'no value after a blank': { 'm.prom': 'a \n' },
  'blanks, tabs, colons, braces': {
    'm.prom':
      '  lead 1\nc:o:l 2\nempty{} 3\ntrail{a="b",} 4\nsp{a = "b" } 5\nt\t6\nu{x="1"}\t7\nv {x="1"} 8\nw{x="1"}9\n',
  },
  'special values': { 'm.prom': 'a 1\nb Inf\nc nan\nd -infinity\ne +.5e1\nf 1.\ng 1e-400\n' },
  'underscores in a value': { 'm.prom': 'a 1_000\n' },
  'a hexadecimal value': { 'm.prom': 'a 0x10\n' },
  'a value out of range': { 'm.prom': 'a 1e400\n' },
  '+nan': { 'm.prom': 'a +nan\n' },
  'a negative timestamp': { 'm.prom': 'a 1 -5\n' },
  'a timestamp with a plus': { 'm.prom': 'a 1 +5\n' },
  'a timestamp out of range': { 'm.prom': 'a 1 99999999999999999999\n' },
  'a blank after the timestamp': { 'm.prom': 'a 1 5 \n' },
  'a repeated series': { 'm.prom': 'a{x="1"} 1\na{x="1"} 2\nb 1\n' },
  'a series repeated once padded': { 'm.prom': 'a{x="1"} 1\na{x="1",y=""} 2\n' },
  'types that differ across files': {
    '1.prom': '# TYPE a gauge\na{f="1"} 1\n',
    '2.prom': '# TYPE a counter\na{f="2"} 2\n',
  },
  'HELP in the first file only': { '1.prom': '# HELP a X\na{f="1"} 1\n', '2.prom': 'a{f="2"} 2\n' },
  'HELP in the second file only': {
    '1.prom': 'a{f="1"} 1\n',
    '2.prom': '# HELP a X\na{f="2"} 2\n',
  },
  'label names that differ across files': { '1.prom': 'a{x="1"} 1\n', '2.prom': 'a{y="2"} 2\n' },
  'a family colliding with an earlier summary': {
    '1.prom': '# TYPE s summary\ns_sum 1\ns_count 2\n',
    '2.prom': 's_count 7\ns_bucket 3\n',
  },
  'a histogram and a _bucket_x family': {
    'm.prom': '# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1\nh_bucket_x 1\n',
  },
  'file order, hidden files, other suffixes': {
    'b.prom': 'z 1\n',
    'a.prom': 'y 1\n',
    '.hidden.prom': 'q 1\n',
    'x.PROM': 'r 1\n',
    'y.prom.tmp': 's 1\n',
  },
  'histogram counts out of range': {
    'm.prom':
      '# TYPE h histogram\nh_bucket{le="1"} -1\nh_bucket{le="2"} 2.7\nh_count -3\nh_sum -1\n# TYPE s summary\ns_count NaN\ns_sum 1\n',
  },
  'histogram counts NaN': { 'm.prom': '# TYPE h histogram\nh_bucket{le="1"} NaN\nh_count NaN\n' },
  'histogram counts too large': {
    'm.prom': '# TYPE h histogram\nh_bucket{le="1"} 1e20\nh_count 1e19\n',
  },
  'a histogram without +Inf': {
    'm.prom':
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="0.5"} 0\nh_count 3\nh_sum 2\nh{le="7"} 2\n',
  },
  'a histogram line without le': { 'm.prom': '# TYPE h histogram\nh_bucket 5\nh_count 2\n' },
  'le written twice': {
    'm.prom': '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="1.0"} 5\nh_count 5\n',
  },
  'le NaN': { 'm.prom': '# TYPE h histogram\nh_bucket{le="NaN"} 1\nh_count 1\n' },
  'le not a number': { 'm.prom': '# TYPE h histogram\nh_bucket{le="x"} 1\n' },
  'le and quantile as Go writes them': {
    'm.prom':
      '# TYPE s summary\ns{quantile="0.50"} 1\ns{quantile="1e-5"} 2\ns{quantile="+Inf"} 3\n# TYPE h histogram\nh_bucket{le="1e6"} 1\nh_bucket{le="100000"} 1\nh_bucket{le="Inf"} 2\nh_bucket{le="-0"} 0\nh_bucket{le="1234567"} 1\n',
  },
  'quantiles at the edges': {
    'm.prom':
      '# TYPE s summary\ns{quantile="-0"} 1\ns{quantile="1"} 2\ns{quantile="-1"} 3\ns{quantile="0.000123"} 4\ns{quantile="123456789012345678901234"} 5\n',
  },
  'quantile written twice on a line': {
    'm.prom': '# TYPE s summary\ns{quantile="0.5",quantile="0.9"} 1\n',
  },
  'a summary line without quantile': {
    'm.prom':
      '# TYPE s summary\ns{a="1",quantile="0.5"} 1\ns_sum{a="1"} 2\ns_count{a="1"} 3\ns{a="2"} 9\n',
  },
  'invalid UTF-8 in HELP': { 'm.prom': Buffer.from('# HELP a caf\xe9\na 1\n', 'latin1') },
  'invalid UTF-8 in a label value': { 'm.prom': Buffer.from('a{x="caf\xe9"} 1\n', 'latin1') },
  'a UTF-8 label value': { 'm.prom': 'a{x="café ☕ 𝄞"} 1\na{x="z"} 2\na{x="\ue000"} 3\n' },
  'a byte order mark': { 'm.prom': '\ufeffa 1\n' },
};

const SYMLINKS = 'symbolic links';

/** Write the cases into one directory each, under `root`. */
function writeCases(root: string): void {
  for (const [name, files] of Object.entries(CASES)) {
    const dir = join(root, name);
    mkdirSync(dir);
    for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  }
  const links = join(root, SYMLINKS);
  mkdirSync(links);
  writeFileSync(join(links, 'target'), 'linked 1\n');
  symlinkSync('target', join(links, 'good.prom'));
  symlinkSync('nowhere', join(links, 'dangling.prom'));
  writeFileSync(join(links, 'ok.prom'), 'ok 1\n');
}

/** node_exporter's textfile families for `directory`, without its own metrics. */
async function theirs(directory: string): Promise<ParsedFamily[]> {
  const port = await freePort();
  const child = spawn(
    nodeExporter as string,
    [
      '--collector.disable-defaults',
      '--collector.textfile',
      `--collector.textfile.directory=${directory}`,
      '--web.disable-exporter-metrics',
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  try {
    await waitForHttp(`http://127.0.0.1:${port}/metrics`);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return [...parseExposition(text).values()].filter(
      (f) => !/^(node_exporter_build_info|node_scrape_collector_|promhttp_)/.test(f.name),
    );
  } finally {
    child.kill();
  }
}

/** vigil's textfile collector on `directory`, in /metrics order. */
async function ours(directory: string): Promise<ParsedFamily[]> {
  const collector = textfileCollector.create({
    paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
    logger: silentLogger,
    settings: () => ({ directory }),
    collect: async () => ({ families: [], failed: [] }),
  });
  const families = (await collector.collect(new AbortController().signal)).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  return [...parseExposition(serialize(families, 'text')).values()];
}

describe.skipIf(!nodeExporter)('textfile: vigil and node_exporter 1.5 on the same files', () => {
  let root: string;
  const directories: Array<[string, string]> = [];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'vigil-textfile-diff-'));
    writeCases(root);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const fixtureCases = [
    'client_side_timestamp',
    'different_metric_types',
    'histogram',
    'histogram_extra_dimension',
    'inconsistent_metrics',
    'metrics_merge_different_help',
    'metrics_merge_empty_help',
    'metrics_merge_no_help',
    'metrics_merge_same_help',
    'no_metric_files',
    'nonexistent_path',
    'summary',
    'summary_extra_dimension',
    'two_metric_files',
  ];
  for (const name of fixtureCases) directories.push([`fixture ${name}`, join(FIXTURES, name)]);
  directories.push(['fixture glob *_extra_dimension', join(FIXTURES, '*_extra_dimension')]);
  directories.push(['a glob with a trailing slash', join(FIXTURES, '*_extra_dimension/')]);
  directories.push(['a directory with a trailing slash', join(FIXTURES, 'two_metric_files/')]);
  directories.push(['a malformed glob', join(FIXTURES, 'two_metric_files[')]);
  for (const name of [...Object.keys(CASES), SYMLINKS]) directories.push([name, name]);

  it.each(directories)('%s', async (_name, directory) => {
    const path = directory.startsWith('/') ? directory : join(root, directory);
    expect(await ours(path)).toEqual(await theirs(path));
  });
});
