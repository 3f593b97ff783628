import { describe, expect, it } from 'vitest';
import { parseMdstat } from '../../../exporter/parsers/mdstat.js';
import { ParseError } from '../../../exporter/parsers/parse-error.js';

const MDSTAT = `Personalities : [linear] [multipath] [raid0] [raid1] [raid6] [raid5] [raid4] [raid10]

md3 : active raid6 sda1[8] sdh1[7] sdg1[6] sdf1[5] sde1[11] sdd1[3] sdc1[10] sdb1[9] sdd1[10](S) sdd2[11](S)
      5853468288 blocks super 1.2 level 6, 64k chunk, algorithm 2 [8/8] [UUUUUUUU]

md4 : inactive raid1 sda3[0](F) sdb3[1](S)
      4883648 blocks [2/2] [UU]

md6 : active raid1 sdb2[2](F) sdc[1](S) sda2[0]
      195310144 blocks [2/1] [U_]
      [=>...................]  recovery =  8.5% (16775552/195310144) finish=17.0min speed=259783K/sec

md201 : active raid1 sda3[0] sdb3[1]
      1993728 blocks super 1.2 [2/2] [UU]
      [=>...................]  check =  5.7% (114176/1993728) finish=0.2min speed=114176K/sec

md7 : active raid6 sdb1[0] sde1[3] sdd1[2] sdc1[1](F)
      7813735424 blocks super 1.2 level 6, 512k chunk, algorithm 2 [4/3] [U_UU]
      bitmap: 0/30 pages [0KB], 65536KB chunk

md11 : active (auto-read-only) raid1 sdb2[0] sdc2[1] sdc3[2](F) hda[4](S) ssdc2[3](S)
      4190208 blocks super 1.2 [2/2] [UU]
      resync=PENDING

md120 : active linear sda1[1] sdb1[0]
        2095104 blocks super 1.2 0k rounding

md101 : active (read-only) raid0 sdb[2] sdd[1] sdc[0]
      322560 blocks super 1.2 512k chunks

unused devices: <none>
`;

describe('parseMdstat', () => {
  const byName = new Map(parseMdstat(MDSTAT).map((md) => [md.name, md]));

  it('reads disk counts from the status line, with failed and spare disks of the device line', () => {
    expect(byName.get('md3')).toEqual({
      name: 'md3',
      state: 'active',
      disksActive: 8,
      disksTotal: 8,
      disksFailed: 0,
      disksSpare: 2,
      blocksTotal: 5853468288,
      blocksSynced: 5853468288,
    });
    expect(byName.get('md7')).toMatchObject({ disksActive: 3, disksTotal: 4, disksFailed: 1 });
  });

  it('gives an inactive array no disk counts', () => {
    expect(byName.get('md4')).toMatchObject({
      state: 'inactive',
      disksActive: 0,
      disksTotal: 0,
      disksFailed: 1,
      disksSpare: 1,
    });
  });

  it('takes the sync state and synced blocks from the sync line', () => {
    expect(byName.get('md6')).toMatchObject({ state: 'recovering', blocksSynced: 16775552 });
    expect(byName.get('md201')).toMatchObject({ state: 'checking', blocksSynced: 114176 });
    expect(byName.get('md11')).toMatchObject({ state: 'resyncing', blocksSynced: 0 });
  });

  it('counts raid0 and linear disks on the device line', () => {
    expect(byName.get('md120')).toMatchObject({ disksActive: 2, disksTotal: 2 });
    expect(byName.get('md101')).toMatchObject({ state: 'active', disksActive: 3, disksTotal: 3 });
  });

  it('rejects a malformed entry, naming the line', () => {
    const broken = MDSTAT.replace('[2/1] [U_]', '[2/x] [U_]');
    expect(() => parseMdstat(broken)).toThrow(ParseError);
    expect(() => parseMdstat(broken)).toThrow(/line 10: unexpected status line of md6/);
    expect(() => parseMdstat('md0 :\n')).toThrow(/line 1: expected a device line/);
    expect(() => parseMdstat('md0 : active raid1 sda[0]\n  12 blocks [1/1] [U]\n')).toThrow(
      /line 1: too few lines for md device md0/,
    );
    expect(() => parseMdstat(MDSTAT.replace('finish=17.0min', 'finish=soonmin'))).toThrow(
      /line 11: sync finish time of md6/,
    );
  });
});
