import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../exporter/parsers/parse-error.js';
import { parseSoftnetStat } from '../../../exporter/parsers/softnet-stat.js';

// node_exporter 1.5's fixture proc/net/softnet_stat (11 columns, Linux 4.17 to 5.9).
const SOFTNET = `00049279 00000000 00000001 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000
000dfb82 00000029 0000000a 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000
00551c3f 00000000 00000055 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000
002f8339 00000000 00000032 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000`;

// A Linux 5.10+ line: 13 columns, the last two the backlog length and the CPU id.
const SOFTNET_13 =
  '0000b0b2 00000000 00000003 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000002\n';

describe('parseSoftnetStat', () => {
  it('reads processed, dropped and time_squeeze per row, numbered by position', () => {
    const rows = parseSoftnetStat(SOFTNET);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual({ index: 1, processed: 916354, dropped: 41, timeSqueezed: 10 });
    expect(rows[3]?.processed).toBe(3113785);
  });

  it('labels by position even where the kernel prints its own CPU id', () => {
    expect(parseSoftnetStat(SOFTNET_13)[0]).toEqual({
      index: 0,
      processed: 45234,
      dropped: 0,
      timeSqueezed: 3,
    });
  });

  it('reads an empty file as no rows', () => {
    expect(parseSoftnetStat('')).toEqual([]);
  });

  it('rejects a short line, naming it', () => {
    const text = `${SOFTNET.split('\n')[0]}\n1 2 3 4 5 6 7 8\n`;
    expect(() => parseSoftnetStat(text)).toThrow(ParseError);
    expect(() => parseSoftnetStat(text)).toThrow(/line 2: expected at least 9 columns, got 8/);
  });

  it('rejects a counter that is not 32-bit hex', () => {
    expect(() => parseSoftnetStat('100000000 0 0 0 0 0 0 0 0\n')).toThrow(
      /line 1: processed: expected a 32-bit hex counter/,
    );
    expect(() => parseSoftnetStat('0x1 0 0 0 0 0 0 0 0\n')).toThrow(ParseError);
  });
});
