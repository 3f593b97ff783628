import { describe, expect, it } from 'vitest';
import { parseDiskstats } from '../../../exporter/parsers/diskstats.js';

describe('parseDiskstats', () => {
  it('reads 4.x (11 stats), 4.18+ (15) and 5.5+ (17) lines', () => {
    const disks = parseDiskstats(
      [
        '   8       0 sda 4217 1386 325818 1979 1370 2318 47160 1637 0 2768 3616',
        ' 254       0 vda 21346 3765 1303114 5893 11250 6587 544376 7021 0 17196 13795 1102 0 2142560 170 1463 709',
        ' 259       0 nvme0n1 9000 10 800000 3000 7000 20 900000 4000 0 5000 7000 100 0 40000 50 600 70',
      ].join('\n'),
    );
    expect(disks.map((d) => [d.device, Object.keys(d.stats).length])).toEqual([
      ['sda', 11],
      ['vda', 17],
      ['nvme0n1', 17],
    ]);
    expect(disks[0]?.stats.sectorsDiscarded).toBeUndefined();
    expect(disks[1]).toMatchObject({ major: '254', minor: '0' });
    expect(disks[1]?.stats).toMatchObject({
      readsCompleted: 21346,
      sectorsRead: 1303114,
      writeTimeMs: 7021,
      ioWeightedTimeMs: 13795,
      sectorsDiscarded: 2142560,
      flushTimeMs: 709,
    });
  });

  it('skips the short partition lines of old kernels', () => {
    expect(parseDiskstats('   8    1 sda1 35 70 210 420\n')).toEqual([]);
  });

  it('rejects a non-numeric statistic, naming device and column', () => {
    expect(() => parseDiskstats('8 0 sda 1 2 x 4 5 6 7 8 9 10 11\n')).toThrow(
      /line 1: sda column 6: expected a number/,
    );
  });
});
