import { describe, expect, it } from 'vitest';
import {
  dehumanize,
  parseBcacheValue,
  parsePriorityStats,
  parseWritebackRateDebug,
} from '../../../exporter/parsers/bcache.js';

describe('dehumanize', () => {
  it("reads bch_hprint's tenths of 1024 and suffixes as procfs does", () => {
    expect(dehumanize('20.4G')).toBe(21894266880);
    expect(dehumanize('427.5k')).toBe(437748);
    expect(dehumanize('512')).toBe(512);
    expect(dehumanize('-1.5k')).toBe(-1524);
  });
  it('rejects text that is not a number, naming the line', () => {
    expect(() => dehumanize('x.5k', 3)).toThrow(/line 3: expected a number, got "x"/);
  });
});

describe('parseBcacheValue', () => {
  it('drops the newline and dehumanizes', () => {
    expect(parseBcacheValue('1305\n')).toBe(1305);
    expect(parseBcacheValue('100\n')).toBe(100);
  });
  it('rejects an empty file', () => {
    expect(() => parseBcacheValue('')).toThrow(/line 1: empty file/);
  });
});

describe('parseWritebackRateDebug', () => {
  const TEXT = `rate:           1.1M/sec
dirty:          20.4G
target:         20.4G
proportional:   427.5k
integral:       790.0k
change:         321.5k/sec
next io:        17ms
`;
  it('reads every line', () => {
    expect(parseWritebackRateDebug(TEXT)).toEqual({
      rate: 1150976,
      dirtyBytes: 21894266880,
      targetBytes: 21894266880,
      proportional: 437748,
      integral: 808960,
      change: 329204,
      nextIoMs: 17,
    });
  });
  it('rejects a malformed value, naming the line', () => {
    expect(() => parseWritebackRateDebug(TEXT.replace('790.0k', 'lots'))).toThrow(/line 5:/);
  });
});

describe('parsePriorityStats', () => {
  const TEXT = `Unused:		99%
Metadata:	0%
Average:	10473
Sectors per Q:	64
Quantiles:	[0 0 0 20946 20946]
`;
  it('reads the unused and metadata percentages', () => {
    expect(parsePriorityStats(TEXT)).toEqual({ unusedPercent: 99, metadataPercent: 0 });
  });
  it('rejects a malformed percentage, naming the line', () => {
    expect(() => parsePriorityStats(TEXT.replace('0%', '-1%'))).toThrow(/line 2:/);
  });
});
