import { describe, expect, it } from 'vitest';
import { parseArp } from '../../../exporter/parsers/arp.js';
import { ParseError } from '../../../exporter/parsers/parse-error.js';

// Lines of node_exporter 1.5's fixture proc/net/arp.
const ARP = `IP address       HW type     Flags       HW address            Mask     Device
192.168.1.1    0x1         0x2         cc:aa:dd:ee:aa:bb     *        eth0
192.168.1.4    0x1         0x2         dd:ee:ff:aa:bb:cc     *        eth1
10.0.0.1       0x1         0x2         de:ad:be:ef:00:00     *        nope
`;

describe('parseArp', () => {
  it('reads one entry per neighbour after the header', () => {
    expect(parseArp(ARP)).toEqual([
      { ipAddress: '192.168.1.1', hwAddress: 'cc:aa:dd:ee:aa:bb', device: 'eth0' },
      { ipAddress: '192.168.1.4', hwAddress: 'dd:ee:ff:aa:bb:cc', device: 'eth1' },
      { ipAddress: '10.0.0.1', hwAddress: 'de:ad:be:ef:00:00', device: 'nope' },
    ]);
  });

  it('counts incomplete entries too (flags 0x0), as node_exporter 1.5 does', () => {
    expect(parseArp('192.168.1.9 0x1 0x0 00:00:00:00:00:00 * eth0\n')).toHaveLength(1);
  });

  it('reads an empty file as no entries', () => {
    expect(parseArp('')).toEqual([]);
  });

  it('rejects a short or blank line, naming it', () => {
    expect(() => parseArp(`${ARP}192.168.1.9 0x1 0x2\n`)).toThrow(ParseError);
    expect(() => parseArp(`${ARP}192.168.1.9 0x1 0x2\n`)).toThrow(
      /line 5: expected at least 6 columns, got 3/,
    );
    expect(() => parseArp(ARP.replace('\n', '\n\n'))).toThrow(/line 2:/);
  });
});
