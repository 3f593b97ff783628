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
      lines.apply(l);
      bytes.apply(l);
    }
    expect(lines.family('app').samples[0]?.value).toBe(3);
    expect(bytes.family('app').samples[0]?.value).toBe(30);
  });

  it('observes a histogram with cumulative buckets, sum and count', () => {
    const [h] = rules(
      "        - {name: h, match: 'took=(?P<ms>\\d+)ms', metric: h_seconds, type: histogram, value: ms, scale: 0.001, buckets: [0.01, 0.1]}\n",
    ) as [LogRule];
    for (const ms of [5, 50, 500]) h.apply(`took=${ms}ms`);
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
    for (const level of ['INFO', 'WARN', 'ERROR', 'DEBUG', 'INFO']) r.apply(`level=${level}`);
    expect(r.family('app').samples.map((s) => [s.labels.level, s.value])).toEqual([
      ['INFO', 2],
      ['WARN', 1],
    ]);
    expect(r.droppedSeries).toBe(2);
    expect(r.matches).toBe(5);
  });
});
