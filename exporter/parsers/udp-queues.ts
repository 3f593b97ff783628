import { ParseError } from './parse-error.js';

/** The sums over every socket of /proc/net/udp or /proc/net/udp6. */
export interface UdpQueues {
  /** Bytes queued for sending, summed over sockets. */
  readonly txQueue: number;
  /** Bytes queued for receiving, summed over sockets. */
  readonly rxQueue: number;
  readonly sockets: number;
}

const HEX = /^[0-9A-Fa-f]+$/;
/** `hex-address:hex-port`; the address is whole bytes (8 digits for IPv4, 32 for IPv6). */
const ADDRESS = /^(?:[0-9A-Fa-f]{2})*:[0-9A-Fa-f]+$/;

/**
 * Parse /proc/net/udp or /proc/net/udp6 and sum its tx_queue and rx_queue columns. The first
 * line is the header. Each socket line is checked as far as node_exporter (procfs) checks it:
 * slot, both addresses, state, the queues and the uid.
 */
export function parseUdpQueues(text: string): UdpQueues {
  let txQueue = 0;
  let rxQueue = 0;
  let sockets = 0;
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const lineNo = i + 1;
    const f = line.split(/\s+/);
    if (f.length < 8) throw new ParseError(`expected at least 8 columns, got ${f.length}`, lineNo);
    const [sl, local, remote, st, queues, , , uid] = f as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!/^\d+:$/.test(sl)) throw new ParseError(`bad slot "${sl}"`, lineNo);
    if (!ADDRESS.test(local)) throw new ParseError(`bad local address "${local}"`, lineNo);
    if (!ADDRESS.test(remote)) throw new ParseError(`bad remote address "${remote}"`, lineNo);
    if (!HEX.test(st)) throw new ParseError(`bad state "${st}"`, lineNo);
    const [tx, rx, extra] = queues.split(':');
    if (
      tx === undefined ||
      rx === undefined ||
      extra !== undefined ||
      !HEX.test(tx) ||
      !HEX.test(rx)
    )
      throw new ParseError(`expected "tx_queue:rx_queue" in hex, got "${queues}"`, lineNo);
    if (!/^\d+$/.test(uid)) throw new ParseError(`bad uid "${uid}"`, lineNo);
    txQueue += Number.parseInt(tx, 16);
    rxQueue += Number.parseInt(rx, 16);
    sockets++;
  }
  return { txQueue, rxQueue, sockets };
}
