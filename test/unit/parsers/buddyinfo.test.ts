import { describe, expect, it } from 'vitest';
import { parseBuddyinfo } from '../../../exporter/parsers/buddyinfo.js';

const BUDDYINFO = `Node 0, zone      DMA      1      0      1      0      2      1      1      0      1      1      3 
Node 0, zone    DMA32    759    572    791    475    194     45     12      0      0      0      0 
Node 0, zone   Normal   4381   1093    185   1530    567    102      4      0      0      0      0 
`;

describe('parseBuddyinfo', () => {
  it('reads node, zone and the free blocks of each order', () => {
    const zones = parseBuddyinfo(BUDDYINFO);
    expect(zones.map((z) => `${z.node}/${z.zone}`)).toEqual(['0/DMA', '0/DMA32', '0/Normal']);
    expect(zones[2]?.freeBlocks).toEqual([4381, 1093, 185, 1530, 567, 102, 4, 0, 0, 0, 0]);
  });

  it('rejects a line that is not a zone, or has a different number of orders', () => {
    expect(() => parseBuddyinfo('Node 0, zone DMA 1 2\nNode 0,\n')).toThrow(
      /line 2: expected "Node N, zone NAME counts/,
    );
    expect(() => parseBuddyinfo('Node 0, zone DMA 1 2\nNode 0, zone Normal 1 2 3\n')).toThrow(
      /line 2: 3 orders where the first line has 2/,
    );
    expect(() => parseBuddyinfo('Node 0, zone DMA 1 x\n')).toThrow(
      /line 1: order 1: expected a number/,
    );
  });
});
