import { describe, expect, it } from 'vitest';
import { parseNodeMeminfo, parseNumastat } from '../../../exporter/parsers/node-meminfo.js';

const MEMINFO = `Node 0 MemTotal:       134182340 kB
Node 0 Active(anon):     691324 kB
Node 0 AnonHugePages:    147456 kB
Node 0 HugePages_Total:     0
`;

const NUMASTAT = `numa_hit 193460335812
numa_miss 12624528
interleave_hit 57146
`;

describe('parseNodeMeminfo', () => {
  it('reads node, metric-safe key and bytes', () => {
    expect(parseNodeMeminfo(MEMINFO)).toEqual([
      { node: '0', key: 'MemTotal', value: 134182340 * 1024 },
      { node: '0', key: 'Active_anon', value: 691324 * 1024 },
      { node: '0', key: 'AnonHugePages', value: 147456 * 1024 },
      { node: '0', key: 'HugePages_Total', value: 0 },
    ]);
  });

  it('rejects a line without its node, or with another unit, naming the line', () => {
    expect(() => parseNodeMeminfo('Node 0 MemTotal: 1 kB\nMemFree: 2 kB\n')).toThrow(
      /line 2: expected "Node N Key: value \[kB\]"/,
    );
    expect(() => parseNodeMeminfo('Node 0 MemTotal: 1 MB\n')).toThrow(
      /line 1: .*unknown unit "MB"/,
    );
    expect(() => parseNodeMeminfo('Node 0 MemTotal: lots kB\n')).toThrow(
      /line 1: MemTotal: expected a number/,
    );
  });
});

describe('parseNumastat', () => {
  it('reads each counter', () => {
    expect(parseNumastat(NUMASTAT)).toEqual([
      { key: 'numa_hit', value: 193460335812 },
      { key: 'numa_miss', value: 12624528 },
      { key: 'interleave_hit', value: 57146 },
    ]);
  });

  it('rejects a line that is not "key value", naming the line', () => {
    expect(() => parseNumastat('numa_hit 1\nnuma_miss\n')).toThrow(/line 2: expected "key value"/);
    expect(() => parseNumastat('numa_hit one\n')).toThrow(/line 1: numa_hit: expected a number/);
  });
});
