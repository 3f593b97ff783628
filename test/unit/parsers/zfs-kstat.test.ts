import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../exporter/parsers/parse-error.js';
import {
  parseKstat,
  parseZfsObjset,
  parseZpoolIo,
  parseZpoolState,
} from '../../../exporter/parsers/zfs-kstat.js';

// node_exporter 1.5's fixture proc/spl/kstat/zfs/vdev_cache_stats.
const VDEV_CACHE = `8 1 0x01 3 144 8012540758 352116106118781
name                            type data
delegations                     4    40
hits                            4    0
misses                          4    0
`;

// node_exporter 1.5's fixture proc/spl/kstat/zfs/pool1/io.
const IO = `12 3 0x00 1 80 79205351707403 395818011156865
nread    nwritten reads    writes   wtime    wlentime wupdate  rtime    rlentime rupdate  wcnt     rcnt    
1884160  3206144  22       132      7155162  104112268 79210489694949 24168078 104112268 79210489849220 0        0       
`;

// node_exporter 1.5's fixture proc/spl/kstat/zfs/pool1/objset-2.
const OBJSET = `24 1 0x01 7 2160 221611904716 7145015038451
name                            type data
dataset_name                    7    pool1/dataset1
writes                          4    4
nwritten                        4    12302
reads                           4    2
nread                           4    28
nunlinks                        4    3
nunlinked                       4    3
`;

describe('parseKstat', () => {
  it('reads the uint64 rows after the name/type/data line', () => {
    expect(parseKstat(VDEV_CACHE)).toEqual([
      { name: 'delegations', value: 40 },
      { name: 'hits', value: 0 },
      { name: 'misses', value: 0 },
    ]);
  });

  it('skips rows of other kstat types and short rows', () => {
    const text = `${VDEV_CACHE}signed                          3    -5\nsmall                           1    7\nshort 4\n`;
    expect(parseKstat(text).map((v) => v.name)).toEqual(['delegations', 'hits', 'misses']);
  });

  it('keeps 64-bit values as float64 rounds them', () => {
    const text = 'x\nname type data\nbig 4 18446744073709551615\n';
    expect(parseKstat(text)).toEqual([{ name: 'big', value: 2 ** 64 }]);
  });

  it('rejects a file without the name/type/data line', () => {
    expect(() => parseKstat('8 1 0x01 3 144 8012540758 352116106118781\n')).toThrow(ParseError);
    expect(() => parseKstat('')).toThrow(/no "name type data" line/);
  });

  it('rejects a non-numeric uint64 value, naming the line', () => {
    const text = VDEV_CACHE.replace('4    40', '4    4x0');
    expect(() => parseKstat(text)).toThrow(/line 3: delegations: expected an unsigned integer/);
  });
});

describe('parseZfsObjset', () => {
  it('reads the statistics with the dataset named before them', () => {
    const values = parseZfsObjset(OBJSET);
    expect(values).toHaveLength(6);
    expect(values[1]).toEqual({ name: 'nwritten', value: 12302, dataset: 'pool1/dataset1' });
  });

  it('gives no dataset to a statistic printed before dataset_name', () => {
    const text = 'x\nname type data\nwrites 4 1\ndataset_name 7 p/d\nreads 4 2\n';
    expect(parseZfsObjset(text)).toEqual([
      { name: 'writes', value: 1, dataset: null },
      { name: 'reads', value: 2, dataset: 'p/d' },
    ]);
  });

  it('rejects a malformed value, naming the line', () => {
    expect(() => parseZfsObjset(OBJSET.replace('12302', '-1'))).toThrow(/line 5: nwritten/);
  });
});

describe('parseZpoolIo', () => {
  it('pairs the value row with the column names', () => {
    const values = parseZpoolIo(IO);
    expect(values).toHaveLength(12);
    expect(values[0]).toEqual({ name: 'nread', value: 1884160 });
    expect(values[9]).toEqual({ name: 'rupdate', value: 79210489849220 });
  });

  it('gives nothing without a column row', () => {
    expect(parseZpoolIo('12 3 0x00 1 80 79205351707403 395818011156865\n')).toEqual([]);
  });

  it('rejects a short value row, naming the line', () => {
    const text = IO.replace(/ 0 +0 +\n$/, '\n');
    expect(() => parseZpoolIo(text)).toThrow(ParseError);
    expect(() => parseZpoolIo(text)).toThrow(/line 3: expected 12 values/);
  });
});

describe('parseZpoolState', () => {
  it('reads the first line, lower-cased', () => {
    expect(parseZpoolState('ONLINE\n')).toBe('online');
    expect(parseZpoolState('DEGRADED\r\n')).toBe('degraded');
    expect(parseZpoolState('')).toBe('');
  });
});
