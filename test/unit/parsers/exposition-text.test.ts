import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeExposition,
  parseExpositionText,
} from '../../../exporter/parsers/exposition-text.js';
import { formatGoFloat, goUint64, parseGoFloat } from '../../../exporter/parsers/go-numbers.js';
import { ParseError } from '../../../exporter/parsers/parse-error.js';

const fixture = (path: string) =>
  readFileSync(
    new URL(`../../fixtures/node-exporter-1.5/textfile/${path}`, import.meta.url),
    'utf8',
  );

/** The error a text raises, to check its message and line. */
function failure(text: string): ParseError {
  try {
    parseExpositionText(text);
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('no ParseError');
}

describe('parseExpositionText', () => {
  it('reads untyped samples without HELP (two_metric_files/metrics1.prom)', () => {
    expect(
      parseExpositionText('testmetric1_1{foo="bar"} 10\ntestmetric1_2{foo="baz"} 20\n'),
    ).toEqual([
      {
        name: 'testmetric1_1',
        help: undefined,
        type: 'untyped',
        metrics: [{ labels: [['foo', 'bar']], value: 10 }],
      },
      {
        name: 'testmetric1_2',
        help: undefined,
        type: 'untyped',
        metrics: [{ labels: [['foo', 'baz']], value: 20 }],
      },
    ]);
  });

  it('groups a summary’s lines by their labels (different_metric_types/metrics.prom)', () => {
    const families = parseExpositionText(fixture('different_metric_types/metrics.prom'));
    expect(families.map((f) => [f.name, f.type, f.help])).toEqual([
      ['events_total', 'counter', 'this is a test metric'],
      ['event_duration_seconds_total', 'summary', 'Query timings'],
    ]);
    const summary = families[1]?.metrics;
    expect(summary).toHaveLength(4);
    expect(summary?.[0]).toEqual({
      labels: [['baz', 'inner_eval']],
      quantiles: [
        { quantile: 0.5, value: 1.073e-6 },
        { quantile: 0.9, value: 1.928e-6 },
        { quantile: 0.99, value: 4.35e-6 },
      ],
      sum: 1865216.6505091474,
      count: 1492355615,
    });
  });

  it('reads a histogram’s buckets, sum and count (histogram/metrics.prom)', () => {
    const [family] = parseExpositionText(fixture('histogram/metrics.prom'));
    expect(family?.help).toBe('Final time range of chunks on their first compaction');
    expect(family?.metrics).toHaveLength(1);
    const metric = family?.metrics[0];
    expect(metric?.labels).toEqual([]);
    expect(metric?.buckets?.slice(-3)).toEqual([
      { upperBound: 6553600, count: 1691853 },
      { upperBound: 26214400, count: 1691853 },
      { upperBound: Number.POSITIVE_INFINITY, count: 1691853 },
    ]);
    expect(metric?.sum).toBe(671393432189);
    expect(metric?.count).toBe(1691853);
  });

  it('keeps each sample’s own labels (inconsistent_metrics/metrics.prom)', () => {
    const families = parseExpositionText(fixture('inconsistent_metrics/metrics.prom'));
    const requests = families[0]?.metrics ?? [];
    expect(requests).toHaveLength(17);
    expect(requests[2]?.labels).toEqual([
      ['code', '200'],
      ['method', 'get'],
      ['foo', 'bar'],
    ]);
    expect(families[1]?.metrics.map((m) => m.labels)).toEqual([[['foo', 'bar']], []]);
  });

  it('joins _sum and _count to a declared summary or histogram only', () => {
    const families = parseExpositionText(
      [
        's_count 1',
        '# TYPE s summary',
        's_sum 2',
        's_count 3',
        's_bucket 4',
        '# TYPE h histogram',
        'h_bucket{le="1"} 1',
        'h{le="2"} 2',
        'h_bucket 9',
        '',
      ].join('\n'),
    );
    expect(families.map((f) => [f.name, f.type])).toEqual([
      ['s_count', 'untyped'],
      ['s', 'summary'],
      ['s_bucket', 'untyped'],
      ['h', 'histogram'],
    ]);
    // s_count is a family of its own before the TYPE line, and so stays one after it.
    expect(families[0]?.metrics.map((m) => m.value)).toEqual([1, 3]);
    expect(families[1]?.metrics[0]).toMatchObject({ sum: 2, count: 0, quantiles: [] });
    // A line of the histogram without le, or with NaN there, adds no bucket.
    expect(families[3]?.metrics[0]?.buckets).toEqual([
      { upperBound: 1, count: 1 },
      { upperBound: 2, count: 2 },
    ]);
  });

  it('takes HELP from a _count line of a declared summary', () => {
    const [family] = parseExpositionText('# TYPE s summary\n# HELP s_count via count\ns_count 3\n');
    expect(family).toMatchObject({ name: 's', help: 'via count' });
  });

  it('reads HELP and label escapes, and an empty HELP as none', () => {
    const families = parseExpositionText(
      '# HELP a he\\\\lp\\nx  \na{x="q\\"b\\\\s\\nn"} 1\n# HELP b \n# TYPE b gauge\nb 1\n',
    );
    expect(families[0]).toMatchObject({
      help: 'he\\lp\nx  ',
      metrics: [{ labels: [['x', 'q"b\\s\nn']] }],
    });
    expect(families[1]).toMatchObject({ help: undefined, type: 'gauge' });
  });

  it('accepts what node_exporter 1.5 accepts', () => {
    const families = parseExpositionText(
      [
        '  lead 1',
        'c:o:l\t2',
        'empty{} 3',
        'trail{a="b",} 4',
        'sp {a = "b" } 5',
        '#HELP hh h',
        '# TYPE up COUNTER',
        'up 6',
        '# any other comment',
        '#',
        '# HELP',
        'v1 Inf',
        'v2 nan',
        'v3 -infinity',
        'v4 +.5e1',
        'v5 1.',
        'v6 1e-400',
        '  ',
      ].join('\n'),
    );
    expect(families.map((f) => [f.name, f.type, f.metrics[0]?.value])).toEqual([
      ['lead', 'untyped', 1],
      ['c:o:l', 'untyped', 2],
      ['empty', 'untyped', 3],
      ['trail', 'untyped', 4],
      ['sp', 'untyped', 5],
      ['up', 'counter', 6],
      ['v1', 'untyped', Number.POSITIVE_INFINITY],
      ['v2', 'untyped', Number.NaN],
      ['v3', 'untyped', Number.NEGATIVE_INFINITY],
      ['v4', 'untyped', 5],
      ['v5', 'untyped', 1],
      ['v6', 'untyped', 0],
    ]);
    expect(families[3]?.metrics[0]?.labels).toEqual([['a', 'b']]);
  });

  it('drops families without samples', () => {
    expect(parseExpositionText('# HELP a x\n# TYPE b gauge_histogram\n')).toEqual([]);
    expect(parseExpositionText('')).toEqual([]);
  });

  it('notes the line of a client-side timestamp', () => {
    const families = parseExpositionText(
      'normal_metric 2\nmetric_with_custom_timestamp 1 1441205977284\n',
    );
    expect(families[0]?.metrics[0]?.timestampLine).toBeUndefined();
    expect(families[1]?.metrics[0]?.timestampLine).toBe(2);
  });

  it('converts histogram counts as Go’s uint64 does', () => {
    const [family] = parseExpositionText(
      '# TYPE h histogram\nh_bucket{le="1"} -1\nh_bucket{le="2"} 2.7\nh_count NaN\n',
    );
    expect(family?.metrics[0]).toMatchObject({
      buckets: [
        { upperBound: 1, count: 2 ** 64 },
        { upperBound: 2, count: 2 },
      ],
      count: 2 ** 63,
    });
  });

  it.each([
    ['a 1\nb 2', 2, 'unexpected end of input stream'],
    ['a 1 \n', 1, 'expected integer as timestamp, got ""'],
    ['a 1\r\n', 1, 'expected float as value, got "1\r"'],
    ['ok 1\na 1 5 \n', 2, 'spurious string after timestamp'],
    ['a 1 99999999999999999999\n', 1, 'expected integer as timestamp'],
    ['a\n', 1, 'expected float as value, got ""'],
    ['1a 1\n', 1, 'invalid metric name'],
    ['{a="b"} 1\n', 1, 'invalid metric name'],
    ['\ufeffa 1\n', 1, 'invalid metric name'],
    ['a{="x"} 1\n', 1, 'invalid label name for metric "a"'],
    ['a{x="1",x="2"} 1\n', 1, 'duplicate label names for metric "a"'],
    ['a{__name__="x"} 1\n', 1, 'label name "__name__" is reserved'],
    ['a{__x="1"} 1\n', 1, 'label name "__x" is reserved'],
    ['a{x="\\t"} 1\n', 1, "invalid escape sequence '\\t'"],
    ['a{x="1} 2\n', 1, 'contains unescaped new-line'],
    ['a{x 1\n', 1, "expected '=' after label name"],
    ['a{x=1} 1\n', 1, "expected '\"' at start of label value"],
    ['a{x="1" y="2"} 1\n', 1, 'unexpected end of label value "1"'],
    ['# HELP a x\\ty\na 1\n', 1, "invalid escape sequence '\\t'"],
    ['# HELP a x\\\na 1\n', 1, 'invalid escape sequence'],
    ['# HELP a x\n# HELP a y\na 1\n', 2, 'second HELP line for metric name "a"'],
    ['a 1\n# TYPE a gauge\n', 2, 'or TYPE reported after samples'],
    ['# TYPE a foo\na 1\n', 1, 'unknown metric type "foo"'],
    ['# TYPE a gauge \na 1\n', 1, 'unknown metric type "gauge "'],
    ['# HELP 1a x\n', 1, 'invalid metric name in comment'],
    ['# HELP a{x} x\n', 1, 'invalid metric name in comment'],
    ['# TYPE g gauge_histogram\ng 1\n', 2, 'samples of gauge_histogram "g" are not supported'],
    ['# TYPE h histogram\nh_bucket{le="x"} 1\n', 2, "expected float as value for 'le' label"],
    ['# TYPE s summary\ns{quantile="x"} 1\n', 2, "expected float as value for 'quantile' label"],
    ['a 1_000\n', 1, 'expected float as value, got "1_000"'],
    ['a 0x10\n', 1, 'expected float as value, got "0x10"'],
    ['a 1e400\n', 1, 'expected float as value, got "1e400"'],
    ['a +nan\n', 1, 'expected float as value, got "+nan"'],
  ])('rejects %j at line %i', (text, line, message) => {
    const err = failure(text);
    expect(err.line).toBe(line);
    expect(err.message).toContain(message);
    expect(err.message).toMatch(new RegExp(`^line ${line}: `));
  });
});

describe('parseGoFloat', () => {
  it.each([
    ['1', 1],
    ['-0', -0],
    ['1.5e3', 1500],
    ['1E-3', 0.001],
    ['.5', 0.5],
    ['5.', 5],
    ['+Inf', Number.POSITIVE_INFINITY],
    ['-inf', Number.NEGATIVE_INFINITY],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['NaN', Number.NaN],
    ['nan', Number.NaN],
    ['1e-400', 0],
  ])('reads %s', (text, value) => {
    expect(parseGoFloat(text)).toBe(value);
  });

  it.each(['', '.', '1e', 'e5', '0x1p3', '1_0', 'infin', '+nan', '1e309', ' 1', '1 '])(
    'rejects %j',
    (text) => {
      expect(parseGoFloat(text)).toBeNull();
    },
  );
});

describe('formatGoFloat', () => {
  // Each as node_exporter 1.5 writes the le or quantile label.
  it.each([
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [-1, '-1'],
    [0.5, '0.5'],
    [100000, '100000'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [1.6384e6, '1.6384e+06'],
    [2.62144e7, '2.62144e+07'],
    [1e-5, '1e-05'],
    [0.000123, '0.000123'],
    [0.0001, '0.0001'],
    [1.2345678901234569e23, '1.2345678901234569e+23'],
    [1e100, '1e+100'],
    [-2.5e-7, '-2.5e-07'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
    [Number.NaN, 'NaN'],
  ])('writes %d as %s', (value, text) => {
    expect(formatGoFloat(value)).toBe(text);
  });
});

describe('goUint64', () => {
  // node_exporter 1.5 exposed these counts for these values in a textfile histogram (as
  // float64s: 2^64 - 1 is written 1.8446744073709552e+19).
  it.each([
    [2.7, 2],
    [-0.5, 0],
    [1e19, 1e19],
    [-1, Number(2n ** 64n - 1n)],
    [-3, Number(2n ** 64n - 3n)],
    [Number.NaN, 2 ** 63],
    [1e20, 2 ** 63],
    [Number.POSITIVE_INFINITY, 2 ** 63],
    [Number.NEGATIVE_INFINITY, 2 ** 63],
  ])('converts %d to %d', (value, count) => {
    expect(goUint64(value)).toBe(count);
  });
});

describe('decodeExposition', () => {
  const bytes = (text: string) => Buffer.from(text, 'latin1');

  it('decodes UTF-8', () => {
    expect(decodeExposition(Buffer.from('a{x="café"} 1\n'))).toBe('a{x="café"} 1\n');
  });

  it('takes invalid UTF-8 in a comment line', () => {
    expect(decodeExposition(bytes('  # HELP a caf\xe9\na 1\n'))).toBe(
      '  # HELP a caf\ufffd\na 1\n',
    );
  });

  it('rejects invalid UTF-8 on a sample line, naming it', () => {
    expect(() => decodeExposition(bytes('# ok\na{x="caf\xe9"} 1\n'))).toThrow(
      new ParseError('invalid UTF-8', 2),
    );
  });

  it('keeps a byte order mark', () => {
    expect(decodeExposition(Buffer.from('\ufeffa 1\n'))).toBe('\ufeffa 1\n');
  });
});
