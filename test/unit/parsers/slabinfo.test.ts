import { describe, expect, it } from 'vitest';
import { parseSlabinfo } from '../../../exporter/parsers/slabinfo.js';

const SLABINFO = `slabinfo - version: 2.1
# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
tw_sock_TCP          704    864    256   32    2 : tunables    0    0    0 : slabdata     27     27      0
dmaengine-unmap-128   1206   1320   1088   30    8 : tunables    0    0    0 : slabdata     44     44      0
`;

describe('parseSlabinfo', () => {
  it('skips the headers and reads each cache', () => {
    expect(parseSlabinfo(SLABINFO)).toEqual([
      {
        name: 'tw_sock_TCP',
        activeObjects: 704,
        objects: 864,
        objectSizeBytes: 256,
        objectsPerSlab: 32,
        pagesPerSlab: 2,
      },
      {
        name: 'dmaengine-unmap-128',
        activeObjects: 1206,
        objects: 1320,
        objectSizeBytes: 1088,
        objectsPerSlab: 30,
        pagesPerSlab: 8,
      },
    ]);
  });

  it('rejects a row with missing columns or a non-integer, naming the line', () => {
    expect(() =>
      parseSlabinfo('slabinfo - version: 2.1\nkmem_cache 320 320 256 32 2 : tunables 0 0 0\n'),
    ).toThrow(/line 2: expected 16 slabinfo 2.1 columns, got 11/);
    expect(() =>
      parseSlabinfo('kmem_cache 320 320 256 32 2 : tunables 0 0 0 : slabdata 10 ten 0\n'),
    ).toThrow(/line 1: kmem_cache column 15: expected an integer, got "ten"/);
  });
});
