import { describe, expect, it } from 'vitest';
import { parseIpvsBackends, parseIpvsStats } from '../../../exporter/parsers/ip-vs.js';

// node_exporter 1.5's fixture proc/net/ip_vs_stats and (part of) proc/net/ip_vs.
const STATS = `   Total Incoming Outgoing         Incoming         Outgoing
   Conns  Packets  Packets            Bytes            Bytes
 16AA370 E33656E5        0     51D8C8883AB3                0

 Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s
       4    1FB3C        0          1282A8F                0
`;

const BACKENDS = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port Forward Weight ActiveConn InActConn
TCP  C0A80016:0CEA wlc  
  -> C0A85216:0CEA      Tunnel  100    248        2         
FWM  10001000 wlc   
  -> C0A8321A:0CEA      Tunnel  20     64         1         
`;

describe('parseIpvsStats', () => {
  it('reads the hexadecimal totals', () => {
    expect(parseIpvsStats(STATS)).toEqual({
      connections: 23765872,
      incomingPackets: 3811989221,
      outgoingPackets: 0,
      incomingBytes: 89991519156915,
      outgoingBytes: 0,
    });
  });

  it('rejects a non-hexadecimal total, naming the line', () => {
    expect(() => parseIpvsStats(STATS.replace('E33656E5', 'E33656G5'))).toThrow(/line 3:/);
  });

  it('rejects a truncated file', () => {
    expect(() => parseIpvsStats('   Total Incoming\n')).toThrow(/too short/);
  });
});

describe('parseIpvsBackends', () => {
  it('reads services and their real servers', () => {
    expect(parseIpvsBackends(BACKENDS)).toEqual([
      {
        localAddress: '192.168.0.22',
        localPort: 3306,
        localMark: '',
        proto: 'TCP',
        remoteAddress: '192.168.82.22',
        remotePort: 3306,
        weight: 100,
        activeConn: 248,
        inactConn: 2,
      },
      {
        localAddress: '',
        localPort: 0,
        localMark: '10001000',
        proto: 'FWM',
        remoteAddress: '192.168.50.26',
        remotePort: 3306,
        weight: 20,
        activeConn: 64,
        inactConn: 1,
      },
    ]);
  });

  it('reads IPv6 addresses as Go prints them', () => {
    const text =
      'UDP  [fe80:0000:0000:0000:0000:0000:0000:0001]:0035 rr\n' +
      '  -> [0000:0000:0000:0000:0000:ffff:c0a8:0001]:0035      Masq    1      0          0\n';
    const [b] = parseIpvsBackends(text);
    expect(b?.localAddress).toBe('fe80::1');
    expect(b?.localPort).toBe(53);
    expect(b?.remoteAddress).toBe('192.168.0.1');
  });

  it('rejects a malformed address, naming the line', () => {
    expect(() => parseIpvsBackends(BACKENDS.replace('C0A85216:0CEA', 'C0A852:0CEA'))).toThrow(
      /line 5:/,
    );
  });

  it('rejects a malformed weight, naming the line', () => {
    expect(() => parseIpvsBackends(BACKENDS.replace('Tunnel  100', 'Tunnel  -1'))).toThrow(
      /line 5: weight/,
    );
  });
});
