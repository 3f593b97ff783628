import { describe, expect, it } from 'vitest';
import { parseNfConntrackStat } from '../../../exporter/parsers/nf-conntrack-stat.js';
import { ParseError } from '../../../exporter/parsers/parse-error.js';

// node_exporter 1.5's fixture proc/net/stat/nf_conntrack.
const STAT = `entries  searched found new invalid ignore delete delete_list insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart
00000021  00000000 00000000 00000000 00000003 0000588a 00000000 00000000 00000000 00000000 00000000 00000000 00000000  00000000 00000000 00000000 00000000
00000021  00000000 00000000 00000000 00000002 000056a4 00000000 00000000 00000000 00000000 00000000 00000000 00000000  00000000 00000000 00000000 00000002
`;

describe('parseNfConntrackStat', () => {
  it('reads the per-CPU counters after the header', () => {
    const rows = parseNfConntrackStat(STAT);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      found: 0n,
      invalid: 3n,
      ignore: 0x588an,
      insert: 0n,
      insertFailed: 0n,
      drop: 0n,
      earlyDrop: 0n,
      searchRestart: 0n,
    });
    expect(rows[1]?.searchRestart).toBe(2n);
  });

  it('keeps 64-bit counters exact', () => {
    const row = `${'0 '.repeat(4)}ffffffffffffffff ${'0 '.repeat(11)}1\n`;
    expect(parseNfConntrackStat(`header\n${row}`)[0]?.invalid).toBe(0xffffffffffffffffn);
  });

  it('reads an empty file as no rows', () => {
    expect(parseNfConntrackStat('')).toEqual([]);
  });

  it('rejects a row without search_restart (16 columns), naming the line', () => {
    const short = STAT.replace(/ 00000002\n$/, '\n');
    expect(() => parseNfConntrackStat(short)).toThrow(ParseError);
    expect(() => parseNfConntrackStat(short)).toThrow(/line 3: expected 17 columns, got 16/);
  });

  it('rejects a counter that is not hex', () => {
    expect(() => parseNfConntrackStat(STAT.replace('0000588a', '0000588g'))).toThrow(
      /line 2: expected a 64-bit hex counter, got "0000588g"/,
    );
  });
});
