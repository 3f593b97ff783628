import { describe, expect, it } from 'vitest';
import { parseUdpQueues } from '../../../exporter/parsers/udp-queues.js';

/**
 * node_exporter's fixture line, then two sockets in the kernel's format (a resolver on
 * 127.0.0.53:53 with bytes waiting, a DHCP client on :68 with bytes to send).
 */
const UDP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
   0: 00000000:0016 00000000:0000 0A 00000015:00000000 00:00000000 00000000     0        0 2740 1 ffff88003d3af3c0 100 0 0 10 0
 1280: 3500007F:0035 00000000:0000 07 00000000:00000A00 00:00000000 00000000   101        0 18446 2 0000000000000000 0
 3041: 00000000:0044 00000000:0000 07 00000100:00000000 00:00000000 00000000     0        0 25315 2 0000000000000000 0
`;

const UDP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
 2245: 00000000000000000000000000000000:14E9 00000000000000000000000000000000:0000 07 00000000:00000340 00:00000000 00000000   107        0 21370 2 0000000000000000 0
`;

describe('parseUdpQueues', () => {
  it('sums the hex tx and rx queues over every socket after the header', () => {
    expect(parseUdpQueues(UDP)).toEqual({ txQueue: 0x15 + 0x100, rxQueue: 0xa00, sockets: 3 });
    expect(parseUdpQueues(UDP6)).toEqual({ txQueue: 0, rxQueue: 0x340, sockets: 1 });
  });

  it('gives zeros for a file with only its header', () => {
    expect(parseUdpQueues(UDP.split('\n')[0] as string)).toEqual({
      txQueue: 0,
      rxQueue: 0,
      sockets: 0,
    });
  });

  it('rejects a malformed socket line with its number', () => {
    const lines = UDP.split('\n');
    const bad = (line: string) => [lines[0], lines[1], line].join('\n');
    expect(() =>
      parseUdpQueues(bad('   1: 00000000:0016 00000000:0000 0A 00000015 00:00000000 00000000 0')),
    ).toThrow(/line 3: expected "tx_queue:rx_queue" in hex, got "00000015"/);
    expect(() => parseUdpQueues(bad('   1: 00000000:0016 00000000:0000 0A'))).toThrow(
      /line 3: expected at least 8 columns, got 4/,
    );
    expect(() =>
      parseUdpQueues(bad('   1: 0000000:0016 00000000:0000 0A 0:0 00:00000000 00000000 0')),
    ).toThrow(/line 3: bad local address "0000000:0016"/);
    expect(() =>
      parseUdpQueues(bad('   1: 00000000:0016 00000000:0000 0A 0:0 00:00000000 00000000 root')),
    ).toThrow(/line 3: bad uid "root"/);
  });
});
