import { describe, expect, it } from 'vitest';
import { parseNetDev } from '../../../exporter/parsers/net-dev.js';

const NET_DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:   39039      55    0    0    0     0          0         0    39039      55    0    0    0     0       0          0
  eth0: 121466867    3765    0    2    0     0          0         7   189423    2219    0    0    0     0       0          0
`;

describe('parseNetDev', () => {
  it('names counters from the header, as node_exporter does', () => {
    const [lo, eth0] = parseNetDev(NET_DEV);
    expect(lo?.device).toBe('lo');
    expect(eth0?.stats.get('receive_bytes')).toBe(121466867);
    expect(eth0?.stats.get('receive_drop')).toBe(2);
    expect(eth0?.stats.get('receive_multicast')).toBe(7);
    expect(eth0?.stats.get('transmit_packets')).toBe(2219);
    expect([...(eth0?.stats.keys() ?? [])]).toHaveLength(16);
  });

  it('reads a device name glued to its first counter', () => {
    const text = `${NET_DEV.split('\n').slice(0, 2).join('\n')}\nwlan0:1234 5 0 0 0 0 0 0 678 9 0 0 0 0 0 0\n`;
    expect(parseNetDev(text)[0]?.stats.get('receive_bytes')).toBe(1234);
  });

  it('rejects a truncated device line', () => {
    const text = `${NET_DEV.split('\n').slice(0, 2).join('\n')}\n  eth1: 1 2 3\n`;
    expect(() => parseNetDev(text)).toThrow(/line 3: eth1: expected 16 counters, got 3/);
  });

  it('rejects a file without the header', () => {
    expect(() => parseNetDev('lo: 1 2 3\n')).toThrow(/column header/);
  });
});
