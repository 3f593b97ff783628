import { numberedLines } from './fields.js';
import { ParseError } from './parse-error.js';

/** One protocol's counters, field name to value, as the kernel names them. */
export interface ProtocolStats {
  /** `TcpExt`, `Ip`, `Udp6`... */
  readonly protocol: string;
  readonly stats: ReadonlyMap<string, number>;
}

/**
 * A counter's value. The kernel prints decimal integers (signed for `Tcp: MaxConn`);
 * node_exporter reads them as floats, so a decimal float is accepted too.
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function value(text: string, what: string, lineNo: number): number {
  if (!DECIMAL.test(text))
    throw new ParseError(`${what}: expected a number, got "${text}"`, lineNo);
  return Number(text);
}

/**
 * Parse /proc/net/netstat or /proc/net/snmp: pairs of lines, a header `Proto: Name Name...`
 * then `Proto: value value...`. A protocol that appears twice keeps its last pair, as in
 * node_exporter.
 */
export function parseNetstat(text: string): ProtocolStats[] {
  const byProtocol = new Map<string, Map<string, number>>();
  const lines = [...numberedLines(text)];
  for (let i = 0; i < lines.length; i += 2) {
    const [header, headerNo] = lines[i] as [string, number];
    const names = header.trim().split(/\s+/);
    const label = names[0] as string;
    if (!label.endsWith(':') || label.length < 2)
      throw new ParseError(`expected a "Protocol:" header, got "${label}"`, headerNo);
    const protocol = label.slice(0, -1);
    const next = lines[i + 1];
    if (next === undefined)
      throw new ParseError(`${protocol}: header without a line of values`, headerNo);
    const [valueLine, valueNo] = next;
    const values = valueLine.trim().split(/\s+/);
    if (values[0] !== label)
      throw new ParseError(`expected the values of "${label}", got "${values[0]}"`, valueNo);
    if (values.length !== names.length)
      throw new ParseError(
        `${protocol}: ${names.length - 1} names but ${values.length - 1} values`,
        valueNo,
      );
    const stats = new Map<string, number>();
    for (let f = 1; f < names.length; f++) {
      const name = names[f] as string;
      stats.set(name, value(values[f] as string, `${protocol} ${name}`, valueNo));
    }
    byProtocol.set(protocol, stats);
  }
  return [...byProtocol].map(([protocol, stats]) => ({ protocol, stats }));
}

/**
 * Parse /proc/net/snmp6: `Ip6InReceives   7` lines. The protocol is the name up to its first
 * `6` (`Ip6`, `Icmp6`, `Udp6`, `UdpLite6`), as node_exporter splits it; lines whose name has
 * no `6`, or that have no value, are skipped as node_exporter skips them.
 */
export function parseSnmp6(text: string): ProtocolStats[] {
  const byProtocol = new Map<string, Map<string, number>>();
  for (const [line, lineNo] of numberedLines(text)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 2) continue;
    const key = fields[0] as string;
    const six = key.indexOf('6');
    if (six < 0) continue;
    const protocol = key.slice(0, six + 1);
    let stats = byProtocol.get(protocol);
    if (!stats) {
      stats = new Map();
      byProtocol.set(protocol, stats);
    }
    stats.set(key.slice(six + 1), value(fields[1] as string, key, lineNo));
  }
  return [...byProtocol].map(([protocol, stats]) => ({ protocol, stats }));
}
