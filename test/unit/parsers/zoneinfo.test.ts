import { describe, expect, it } from 'vitest';
import { parseZoneinfo } from '../../../exporter/parsers/zoneinfo.js';

// Cut from node_exporter 1.5's fixture (a 5.x kernel): per-node stats under the first zone.
const ZONEINFO = `Node 0, zone      DMA
  per-node stats
      nr_inactive_anon 95612
      nr_active_anon 1175853
      nr_kernel_misc_reclaimable 0
      nr_dirtied   1189097
  pages free     2949
        min      8
        low      11
        high     14
        spanned  4095
        present  3997
        managed  3973
        protection: (0, 2039, 31932, 31932, 31932)
      nr_free_pages 2949
      nr_zone_inactive_anon 0
      nr_kernel_stack 0
      numa_hit     1
  pagesets
    cpu: 0
              count: 0
              high:  0
              batch: 1
  vm stats threshold: 8
  node_unreclaimable:  0
  start_pfn:           1
Node 0, zone   Movable
  pages free     0
        min      0
        low      0
        high     0
        spanned  0
        present  0
        managed  0
        protection: (0, 0, 0, 0, 0)
`;

describe('parseZoneinfo', () => {
  it('reads the known keys of each zone, per-node stats with the zone they follow', () => {
    const [dma, movable] = parseZoneinfo(ZONEINFO);
    expect(dma).toMatchObject({ node: '0', zone: 'DMA' });
    expect(dma?.fields).toEqual({
      nr_inactive_anon: 95612,
      nr_active_anon: 1175853,
      nr_dirtied: 1189097,
      min: 8,
      low: 11,
      // The pagesets' "high:" is another key; the watermark stays.
      high: 14,
      spanned: 4095,
      present: 3997,
      managed: 3973,
      nr_free_pages: 2949,
      nr_kernel_stack: 0,
      numa_hit: 1,
    });
    expect(dma?.protection).toEqual([0, 2039, 31932, 31932, 31932]);
    expect(movable).toMatchObject({ node: '0', zone: 'Movable', protection: [0, 0, 0, 0, 0] });
    expect(movable?.fields.nr_free_pages).toBeUndefined();
  });

  it('rejects a bad header, a non-integer value and stats before any zone, naming the line', () => {
    expect(() => parseZoneinfo('Node 0 zone DMA\n')).toThrow(
      /line 1: expected "Node N, zone NAME"/,
    );
    expect(() => parseZoneinfo('Node 0, zone DMA\n  pages free 1\n        min  eight\n')).toThrow(
      /line 3: min: expected an integer, got "eight"/,
    );
    expect(() => parseZoneinfo('Node 0, zone DMA\n        protection: (0, x)\n')).toThrow(
      /line 2: expected "protection: \(N, N, ...\)"/,
    );
    expect(() => parseZoneinfo('      nr_free_pages 2949\n')).toThrow(
      /line 1: statistics before the first/,
    );
  });
});
