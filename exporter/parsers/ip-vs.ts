import { goUint } from './go-numbers.js';
import { ParseError } from './parse-error.js';

/** Totals of /proc/net/ip_vs_stats (hexadecimal counters). */
export interface IpvsStats {
  readonly connections: number;
  readonly incomingPackets: number;
  readonly outgoingPackets: number;
  readonly incomingBytes: number;
  readonly outgoingBytes: number;
}

/**
 * Parse /proc/net/ip_vs_stats: two header lines, then one line of five hexadecimal totals
 * (connections, incoming packets, outgoing packets, incoming bytes, outgoing bytes).
 */
export function parseIpvsStats(text: string): IpvsStats {
  const lines = text.split('\n');
  if (lines.length < 4) throw new ParseError('too short: expected the totals on line 3', 1);
  const fields = (lines[2] as string).trim().split(/\s+/);
  if (fields.length !== 5)
    throw new ParseError(`expected 5 hexadecimal totals, got ${fields.length} fields`, 3);
  const values = fields.map((f) => {
    const v = goUint(f, 16, 64);
    if (v === null) throw new ParseError(`expected a hexadecimal counter, got "${f}"`, 3);
    return v;
  });
  const [connections, incomingPackets, outgoingPackets, incomingBytes, outgoingBytes] = values as [
    number,
    number,
    number,
    number,
    number,
  ];
  return { connections, incomingPackets, outgoingPackets, incomingBytes, outgoingBytes };
}

/** One real server of a virtual service in /proc/net/ip_vs. */
export interface IpvsBackend {
  /** The virtual address as Go prints it; '' for a firewall-mark service. */
  readonly localAddress: string;
  readonly localPort: number;
  /** The firewall mark (as written) of an FWM service; '' otherwise. */
  readonly localMark: string;
  /** TCP, UDP or FWM (others are not read, as in node_exporter). */
  readonly proto: string;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly weight: number;
  readonly activeConn: number;
  readonly inactConn: number;
}

function hexByte(s: string): number | null {
  return /^[0-9a-fA-F]{2}$/.test(s) ? Number.parseInt(s, 16) : null;
}

/** An IPv6 address as Go's net.IP.String writes it: IPv4-mapped as dotted quad, else RFC 5952. */
function formatIpv6(groups: number[]): string {
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const a = groups[6] as number;
    const b = groups[7] as number;
    return `${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * An `ADDR:PORT` of /proc/net/ip_vs: eight hex digits of IPv4 address, or an IPv6 address in
 * brackets, then a colon and four hex digits of port.
 */
function parseAddressPort(s: string, lineNo: number): { address: string; port: number } {
  let address: string | null = null;
  if (s.length === 13) {
    const bytes = [0, 2, 4, 6].map((i) => hexByte(s.slice(i, i + 2)));
    if (bytes.every((b) => b !== null)) address = bytes.join('.');
  } else if (s.length === 46 && s[0] === '[' && s[40] === ']') {
    const groups = s.slice(1, 40).split(':');
    if (groups.length === 8 && groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)))
      address = formatIpv6(groups.map((g) => Number.parseInt(g, 16)));
  }
  const port = goUint(s.slice(-4), 16, 32);
  if (address === null || port === null || s[s.length - 5] !== ':')
    throw new ParseError(`expected ADDRESS:PORT, got "${s}"`, lineNo);
  return { address, port };
}

function count(text: string | undefined, what: string, lineNo: number): number {
  const v = goUint(text ?? '', 10, 64);
  if (v === null)
    throw new ParseError(`${what}: expected an unsigned integer, got "${text}"`, lineNo);
  return v;
}

/**
 * Parse /proc/net/ip_vs: a virtual service line (`TCP|UDP ADDR:PORT ...` or `FWM MARK ...`)
 * followed by its real servers (`-> ADDR:PORT Forward Weight ActiveConn InActConn`). Header
 * lines, short lines and services of other protocols are skipped, as procfs does.
 */
export function parseIpvsBackends(text: string): IpvsBackend[] {
  const out: IpvsBackend[] = [];
  let proto = '';
  let localMark = '';
  let localAddress = '';
  let localPort = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const fields = (lines[i] as string).trim().split(/\s+/);
    const [first = ''] = fields;
    if (first === '' || first === 'IP' || first === 'Prot' || fields[1] === 'RemoteAddress:Port')
      continue;
    if (fields.length < 2) continue;
    if (first === 'TCP' || first === 'UDP') {
      proto = first;
      localMark = '';
      const local = parseAddressPort(fields[1] as string, lineNo);
      localAddress = local.address;
      localPort = local.port;
    } else if (first === 'FWM') {
      proto = first;
      localMark = fields[1] as string;
      localAddress = '';
      localPort = 0;
    } else if (first === '->') {
      if (fields.length < 6) continue;
      const remote = parseAddressPort(fields[1] as string, lineNo);
      out.push({
        localAddress,
        localPort,
        localMark,
        proto,
        remoteAddress: remote.address,
        remotePort: remote.port,
        weight: count(fields[3], 'weight', lineNo),
        activeConn: count(fields[4], 'active connections', lineNo),
        inactConn: count(fields[5], 'inactive connections', lineNo),
      });
    }
  }
  return out;
}
