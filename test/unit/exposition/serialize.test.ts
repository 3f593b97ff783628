import { describe, expect, it } from 'vitest';
import { counter, gauge } from '../../../exporter/exposition/family.js';
import { serialize } from '../../../exporter/exposition/serialize.js';

describe('serialize', () => {
  const families = [
    counter('node_cpu_seconds_total', 'Seconds the CPUs spent in each mode.')
      .add(12.5, { cpu: '0', mode: 'user' })
      .build(),
    gauge('x_info', 'Help with a \\ backslash\nand newline.')
      .add(1, { v: 'quote " back \\ nl \n' })
      .build(),
    gauge('x_special', 'Special values.')
      .add(Number.NaN)
      .add(Number.POSITIVE_INFINITY, { k: 'a' })
      .add(Number.NEGATIVE_INFINITY, { k: 'b' })
      .build(),
    gauge('x_empty', 'No samples.').build(),
  ];

  it('writes the text format with escaping', () => {
    expect(serialize(families, 'text')).toBe(
      [
        '# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.',
        '# TYPE node_cpu_seconds_total counter',
        'node_cpu_seconds_total{cpu="0",mode="user"} 12.5',
        '# HELP x_info Help with a \\\\ backslash\\nand newline.',
        '# TYPE x_info gauge',
        'x_info{v="quote \\" back \\\\ nl \\n"} 1',
        '# HELP x_special Special values.',
        '# TYPE x_special gauge',
        'x_special NaN',
        'x_special{k="a"} +Inf',
        'x_special{k="b"} -Inf',
        '',
      ].join('\n'),
    );
  });

  it('writes OpenMetrics: counter family without _total, and # EOF', () => {
    const text = serialize(families.slice(0, 1), 'openmetrics');
    expect(text).toBe(
      [
        '# HELP node_cpu_seconds Seconds the CPUs spent in each mode.',
        '# TYPE node_cpu_seconds counter',
        'node_cpu_seconds_total{cpu="0",mode="user"} 12.5',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('writes a header anew when the help or type under a family name changes', () => {
    const text = (help: string, type: 'gauge' | 'counter') =>
      serialize(
        [gauge('x_changing', help).add(1).build()].map((f) => ({ ...f, type })),
        'text',
      );
    expect(text('First.', 'gauge')).toContain('# HELP x_changing First.\n# TYPE x_changing gauge');
    expect(text('Second.', 'gauge')).toContain('# HELP x_changing Second.\n');
    expect(text('Second.', 'counter')).toContain('# TYPE x_changing counter');
  });

  it('exposes a counter without _total as unknown in OpenMetrics', () => {
    const text = serialize([counter('odd_counter', 'x').add(1).build()], 'openmetrics');
    expect(text).toContain('# TYPE odd_counter unknown');
  });
});
