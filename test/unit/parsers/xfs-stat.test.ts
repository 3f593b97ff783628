import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../exporter/parsers/parse-error.js';
import { parseXfsStat } from '../../../exporter/parsers/xfs-stat.js';

const TEXT = `extent_alloc 1 872 0 0
abt 0 0 0 0
blk_map 61 29 1 1 1 91 0
bmbt 0 0 0 0
dir 3 2 1 52
trans 4 40 0
ig 5 1 0 4 0 0 1
log 8 21 0 5821 4
push_ail 44 0 1102 15 0 2 0 2 0 2
xstrat 1 0
rw 28 0
attr 0 0 0 0
icluster 2 2 2
vnodes 4 0 0 0 1 1 1 0
buf 22 25 14 0 0 8 0 8 8
abtb2 1 1 0 0 0 0 0 0 0 0 0 0 0 0 0
qm 0 0 0 0 0 0 0 0
xpc 3571712 3568056 0
debug 0
`;

describe('parseXfsStat', () => {
  it('reads the exposed groups', () => {
    expect(parseXfsStat(TEXT)).toEqual({
      extentAlloc: [1, 872, 0, 0],
      allocBtree: [0, 0, 0, 0],
      blockMap: [61, 29, 1, 1, 1, 91, 0],
      blockMapBtree: [0, 0, 0, 0],
      dir: [3, 2, 1, 52],
      inode: [5, 1, 0, 4, 0, 0, 1],
      rw: [28, 0],
      vnodes: [4, 0, 0, 0, 1, 1, 1],
    });
  });
  it('reads missing groups as zeros', () => {
    expect(parseXfsStat('rw 1 2\n').dir).toEqual([0, 0, 0, 0]);
  });
  it('rejects a counter beyond 32 bits, naming the line', () => {
    const text = TEXT.replace('abt 0 0 0 0', 'abt 4294967296 0 0 0');
    expect(() => parseXfsStat(text)).toThrow(ParseError);
    expect(() => parseXfsStat(text)).toThrow(/line 2:/);
  });
  it('rejects a group with the wrong number of values', () => {
    expect(() => parseXfsStat('dir 3 2 1\n')).toThrow(/line 1: dir: expected 4 values, got 3/);
  });
});
