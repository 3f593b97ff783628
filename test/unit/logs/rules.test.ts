import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../exporter/config/load.js';
import { LogRule } from '../../../exporter/logs/rules.js';

function rules(yaml: string): LogRule[] {
  const config = parseConfig(
    `logs:\n  sources:\n    - name: app\n      paths: [/x.log]\n      rules:\n${yaml}`,
    't.yml',
  );
  return (config.logs.sources[0]?.rules ?? []).map((r) => new LogRule(r));
}

describe('LogRule', () => {
  it('counts lines, or adds a captured value with its scale', () => {
    const [lines, bytes] = rules(
      "        - {name: a, match: 'sent', metric: a_total}\n        - {name: b, match: 'sent=(?P<n>\\d+)', metric: b_total, value: n, scale: 2}\n",
    ) as [LogRule, LogRule];
    for (const l of ['sent=10', 'sent=5', 'nothing', 'sent=x']) {
      lines.applyLines(l);
      bytes.applyLines(l);
    }
    expect(lines.family('app').samples[0]?.value).toBe(3);
    expect(bytes.family('app').samples[0]?.value).toBe(30);
  });

  it('labels each series by its own captures, behind unnamed groups and alternatives', () => {
    const [r] = rules(
      "        - {name: r, match: '(GET|POST) (?:/api)?(?P<path>/\\S+)(?: code=(?P<code>\\d+))?', metric: r_total, labels: [path, code]}\n",
    ) as [LogRule];
    r.applyLines('GET /api/orders code=503\nPOST /login\nGET /api/orders code=503');
    const samples = r.family('app').samples.map((s) => [s.labels, s.value]);
    expect(samples).toEqual([
      [{ path: '/orders', code: '503' }, 2],
      [{ path: '/login', code: '' }, 1],
    ]);
  });

  it('observes a histogram with cumulative buckets, sum and count', () => {
    const [h] = rules(
      "        - {name: h, match: 'took=(?P<ms>\\d+)ms', metric: h_seconds, type: histogram, value: ms, scale: 0.001, buckets: [0.01, 0.1]}\n",
    ) as [LogRule];
    for (const ms of [5, 50, 500]) h.applyLines(`took=${ms}ms`);
    const f = h.family('app');
    expect(f.type).toBe('histogram');
    expect(f.samples.map((s) => [s.suffix, s.labels.le, s.value])).toEqual([
      ['_bucket', '0.01', 1],
      ['_bucket', '0.1', 2],
      ['_bucket', '+Inf', 3],
      ['_sum', undefined, 0.555],
      ['_count', undefined, 3],
    ]);
  });

  it('stops at max_series label sets and counts what it dropped', () => {
    const [r] = rules(
      "        - {name: l, match: 'level=(?P<level>\\w+)', metric: l_total, labels: [level], max_series: 2}\n",
    ) as [LogRule];
    for (const level of ['INFO', 'WARN', 'ERROR', 'DEBUG', 'INFO']) r.applyLines(`level=${level}`);
    expect(r.family('app').samples.map((s) => [s.labels.level, s.value])).toEqual([
      ['INFO', 2],
      ['WARN', 1],
    ]);
    expect(r.droppedSeries).toBe(2);
    expect(r.matches).toBe(5);
  });

  it('counts a block of lines exactly as it counts the lines one by one', () => {
    const patterns = [
      "{name: p, match: 'ERROR', metric: p_total}",
      "{name: a, match: '^ERROR', metric: a_total}",
      "{name: e, match: 'ms$', metric: e_total}",
      "{name: l, match: 'level=(?P<level>[A-Z]+)', metric: l_total, labels: [level]}",
      "{name: v, match: 'took=(?P<ms>\\d+)ms', metric: v_total, value: ms}",
      "{name: o, match: '(?P<w>WARN|ERROR)', metric: o_total, labels: [w]}",
      "{name: x, match: 'a?b+c*', metric: x_total}",
      // Can run past a newline when matched across a block.
      "{name: s, match: 'ms\\s*(?P<rest>[^é]{0,12})', metric: s_total, labels: [rest], max_series: 10000}",
    ];
    const yaml = patterns.map((p) => `        - ${p}\n`).join('');
    const words = ['ERROR', 'level=WARN', 'level=', 'took=12ms', 'ms', 'abc', 'bb', '', ' ', 'é'];
    let seed = 7;
    const rand = () => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const lines = Array.from({ length: 2000 }, () =>
      Array.from(
        { length: Math.floor(rand() * 5) },
        () => words[Math.floor(rand() * words.length)],
      ).join(rand() < 0.5 ? ' ' : ''),
    );
    const oneByOne = rules(yaml);
    for (const l of lines) for (const r of oneByOne) r.applyLines(l);
    const blocks = rules(yaml);
    for (let i = 0; i < lines.length; i += 37)
      for (const r of blocks) r.applyLines(lines.slice(i, i + 37).join('\n'));
    for (const [i, r] of blocks.entries()) {
      const expected = oneByOne[i] as LogRule;
      expect(r.matches, r.name).toBe(expected.matches);
      expect(r.family('app'), r.name).toEqual(expected.family('app'));
      expect(r.matches, r.name).toBeGreaterThan(0);
    }
  });
});
