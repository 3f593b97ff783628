import { describe, expect, it } from 'vitest';
import { parseCgroups } from '../../../exporter/parsers/cgroups.js';

const CGROUPS = `#subsys_name	hierarchy	num_cgroups	enabled
cpuset	5	47	1
memory	7	234	1
rdma	4	1	0
`;

describe('parseCgroups', () => {
  it('reads each controller after the header', () => {
    expect(parseCgroups(CGROUPS)).toEqual([
      { subsys: 'cpuset', hierarchy: 5, cgroups: 47, enabled: 1 },
      { subsys: 'memory', hierarchy: 7, cgroups: 234, enabled: 1 },
      { subsys: 'rdma', hierarchy: 4, cgroups: 1, enabled: 0 },
    ]);
  });

  it('rejects a short row and a count that is not an integer, naming the line', () => {
    expect(() =>
      parseCgroups('#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpu\t3\t172\n'),
    ).toThrow(/line 2: expected "subsys_name hierarchy num_cgroups enabled"/);
    expect(() => parseCgroups('cpu\t3\t1.5\t1\n')).toThrow(
      /line 1: cpu num_cgroups: expected an integer/,
    );
  });
});
