import { describe, expect, it } from 'vitest';
import { parseNetstat, parseSnmp6 } from '../../../exporter/parsers/netstat.js';

const SNMP = `Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams InUnknownProtos InDiscards InDelivers OutRequests OutDiscards OutNoRoutes ReasmTimeout ReasmReqds ReasmOKs ReasmFails FragOKs FragFails FragCreates
Ip: 1 64 57740232 0 25 397750 0 0 57340175 55365537 0 54 0 0 0 0 0 0 0
Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors
Tcp: 1 200 120000 -1 3556 230 341 161 0 57252008 54915039 227 5 1003 0
Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors
Udp: 88542 120 0 53028 9 8 0
`;

const NETSTAT = `TcpExt: SyncookiesSent SyncookiesRecv SyncookiesFailed EmbryonicRsts
TcpExt: 0 0 2 0
IpExt: InNoRoutes InTruncatedPkts InMcastPkts OutMcastPkts InBcastPkts OutBcastPkts InOctets OutOctets
IpExt: 0 0 0 0 0 0 6286396970 2786264347
`;

const SNMP6 = `Ip6InReceives                   \t7
Ip6InOctets                     \t460
Icmp6InMsgs                     \t0
Icmp6OutMsgs                    \t8
Udp6InDatagrams                 \t0
Udp6RcvbufErrors                \t9
UdpLite6InErrors                \t0
`;

const asObject = (groups: ReturnType<typeof parseNetstat>) =>
  Object.fromEntries(groups.map((g) => [g.protocol, Object.fromEntries(g.stats)]));

describe('parseNetstat', () => {
  it('pairs each header line with its line of values', () => {
    const snmp = asObject(parseNetstat(SNMP));
    expect(Object.keys(snmp)).toEqual(['Ip', 'Tcp', 'Udp']);
    expect(snmp.Ip?.Forwarding).toBe(1);
    expect(snmp.Tcp?.MaxConn).toBe(-1);
    expect(snmp.Tcp?.InSegs).toBe(57252008);
    expect(snmp.Udp?.SndbufErrors).toBe(8);
    expect(asObject(parseNetstat(NETSTAT)).IpExt?.InOctets).toBe(6286396970);
  });

  it('keeps the last pair of a protocol given twice, as node_exporter does', () => {
    const twice = parseNetstat('Udp: InErrors NoPorts\nUdp: 1 2\nUdp: InErrors\nUdp: 3\n');
    expect(asObject(twice)).toEqual({ Udp: { InErrors: 3 } });
  });

  it('rejects malformed pairs with the line number', () => {
    expect(() => parseNetstat('Udp: InErrors NoPorts\nUdp: 1\n')).toThrow(
      /line 2: Udp: 2 names but 1 values/,
    );
    expect(() => parseNetstat('Udp: InErrors NoPorts\nUdp: 1 x\n')).toThrow(
      /line 2: Udp NoPorts: expected a number, got "x"/,
    );
    expect(() => parseNetstat('Udp: InErrors\nTcp: 1\n')).toThrow(
      /line 2: expected the values of "Udp:"/,
    );
    expect(() => parseNetstat('Udp: InErrors\n')).toThrow(/line 1: Udp: header without a line/);
    expect(() => parseNetstat('Udp InErrors\nUdp 1\n')).toThrow(
      /line 1: expected a "Protocol:" header/,
    );
  });
});

describe('parseSnmp6', () => {
  it('splits each name after its first "6" into protocol and field', () => {
    const snmp6 = asObject(parseSnmp6(SNMP6));
    expect(Object.keys(snmp6)).toEqual(['Ip6', 'Icmp6', 'Udp6', 'UdpLite6']);
    expect(snmp6.Ip6).toEqual({ InReceives: 7, InOctets: 460 });
    expect(snmp6.Icmp6?.OutMsgs).toBe(8);
    expect(snmp6.Udp6?.RcvbufErrors).toBe(9);
    expect(snmp6.UdpLite6).toEqual({ InErrors: 0 });
  });

  it('skips lines without a value or without a "6", as node_exporter does', () => {
    expect(asObject(parseSnmp6('Ip6InReceives\nTcpInSegs 4\nIp6OutRequests 8\n'))).toEqual({
      Ip6: { OutRequests: 8 },
    });
  });

  it('rejects a value that is not a number, naming the line', () => {
    expect(() => parseSnmp6('Ip6InReceives 7\nIp6InOctets 4x\n')).toThrow(
      /line 2: Ip6InOctets: expected a number, got "4x"/,
    );
  });
});
