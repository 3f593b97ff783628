import { num } from './fields.js';
import { ParseError } from './parse-error.js';

const SPACES = /\s+/;

export interface SocketEntry {
  readonly address: string;
  readonly port: number;
  readonly remotePort: number;
  /** Kernel TCP state code: 0A is LISTEN; UDP sockets show 07. */
  readonly state: string;
  readonly uid: number;
  readonly inode: string;
}

/** IPv4 in /proc/net is one little-endian 32-bit word in hex. */
function ipv4(hex: string): string {
  const n = Number.parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
}

/** IPv6 is four such words; the result is the compressed RFC 5952 form (`::1`, `::`). */
function ipv6(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    for (let b = 3; b >= 0; b--) bytes.push(Number.parseInt(word.slice(b * 2, b * 2 + 2), 16));
  }
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  // IPv4-mapped addresses read best as ::ffff:a.b.c.d.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes.slice(12).join('.')}`;
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
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hexGroups = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hexGroups.join(':');
  return `${hexGroups.slice(0, bestStart).join(':')}::${hexGroups.slice(bestStart + bestLen).join(':')}`;
}

export function decodeAddress(hex: string): string {
  if (hex.length === 8) return ipv4(hex);
  if (hex.length === 32) return ipv6(hex);
  throw new ParseError(`expected an 8 or 32 digit hex address, got "${hex}"`);
}

/**
 * The state field of the socket line at [start, end), read by position: the kernel prints
 * `sl: local remote st` with fixed-width addresses (8 hex digits for IPv4, 32 for IPv6, then
 * `:` and 4 for the port). Undefined when the line does not have that shape.
 */
function stateAt(text: string, start: number, end: number): string | undefined {
  const colon = text.indexOf(':', start);
  const local = colon + 2;
  const width = text.indexOf(':', local) - local;
  if (colon < 0 || (width !== 8 && width !== 32)) return undefined;
  const at = local + 2 * (width + 6);
  return at + 2 <= end && text.charCodeAt(at - 1) === 32 ? text.slice(at, at + 2) : undefined;
}

/**
 * Parse /proc/net/{tcp,tcp6,udp,udp6}. With `states`, only sockets in those states are kept,
 * and the state is read before anything else of the line: a busy server has tens of
 * thousands of connections and a handful of listeners, and decoding every line cost tens of
 * milliseconds a scrape.
 */
export function parseNetSockets(text: string, states?: ReadonlySet<string>): SocketEntry[] {
  const entries: SocketEntry[] = [];
  // i counts lines from 0, the header; start is where line i begins.
  for (let i = 1, start = text.indexOf('\n') + 1; start > 0 && start < text.length; i++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const lineStart = start;
    start = end + 1;
    if (states) {
      const state = stateAt(text, lineStart, end);
      if (state !== undefined && !states.has(state)) continue;
    }
    const line = text.slice(lineStart, end).trim();
    if (line === '') continue;
    const f = line.split(SPACES);
    if (f.length < 10) throw new ParseError(`expected at least 10 fields, got ${f.length}`, i + 1);
    const [localAddr, localPort] = (f[1] as string).split(':');
    const [, remotePort] = (f[2] as string).split(':');
    if (!localAddr || !localPort || remotePort === undefined)
      throw new ParseError(`bad address "${f[1]}"`, i + 1);
    entries.push({
      address: decodeAddress(localAddr),
      port: Number.parseInt(localPort, 16),
      remotePort: Number.parseInt(remotePort, 16),
      state: f[3] as string,
      uid: num(f[7], 'uid', i + 1),
      inode: f[9] as string,
    });
  }
  return entries;
}
