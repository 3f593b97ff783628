import { describe, expect, it } from 'vitest';
import { parseNetStat } from '../../../exporter/parsers/net-stat.js';

const ARP_CACHE = `entries  allocs destroys hash_grows  lookups hits  res_failed  rcv_probes_mcast rcv_probes_ucast  periodic_gc_runs forced_gc_runs unresolved_discards table_fulls
00000014  00000001 00000002 00000003  00000004 00000005  00000006  00000007 00000008  00000009 0000000a 0000000b 0000000c
00000014  0000000d 0000000e 0000000f  00000010 00000011  00000012  00000013 00000014  00000015 00000016 00000017 00000018
`;

describe('parseNetStat', () => {
  it('reads each column, one hexadecimal value per CPU row, in header order', () => {
    const columns = parseNetStat(ARP_CACHE);
    expect(columns.map((c) => c.name).slice(0, 3)).toEqual(['entries', 'allocs', 'destroys']);
    expect(columns.find((c) => c.name === 'entries')?.values).toEqual([20, 20]);
    expect(columns.find((c) => c.name === 'table_fulls')?.values).toEqual([12, 24]);
  });

  it('keeps 64-bit counters and gathers a repeated header as procfs does', () => {
    expect(parseNetStat('a b\nffffffffffffffff 1\n')[0]?.values).toEqual([2 ** 64]);
    expect(parseNetStat('a a\n1 2\n3 4\n')).toEqual([{ name: 'a', values: [1, 2, 3, 4] }]);
  });

  it('rejects a value that is not hexadecimal and a row longer than the header', () => {
    expect(() => parseNetStat('entries allocs\n00000014 0000000g\n')).toThrow(
      /line 2: allocs: expected a hexadecimal count, got "0000000g"/,
    );
    expect(() => parseNetStat('entries\n00000014 00000001\n')).toThrow(
      /line 2: 2 values for 1 columns/,
    );
  });
});
