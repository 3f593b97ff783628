import { decodeAddress, type SocketEntry } from './net-sockets.js';
import { ParseError } from './parse-error.js';

/**
 * Netlink sock_diag (linux/inet_diag.h): the dump request that asks the kernel for TCP sockets
 * in some states, and the reading of its replies into the entries /proc/net/tcp gives. Pure:
 * the caller makes the system calls. Netlink and inet_diag integers are in host byte order,
 * ports and addresses in network order.
 */

export const AF_INET = 2;
export const AF_INET6 = 10;
/** The kernel's TCP_LISTEN state; /proc/net/tcp prints it as 0A. */
export const TCP_LISTEN = 10;

const NLMSG_NOOP = 1;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const SOCK_DIAG_BY_FAMILY = 20;
const NLM_F_REQUEST = 0x1;
const NLM_F_DUMP = 0x300;
const IPPROTO_TCP = 6;

const NLMSG_HDRLEN = 16;
/** struct inet_diag_req_v2: family, protocol, ext, pad, states, then a 48-byte sockid. */
const REQUEST_LEN = NLMSG_HDRLEN + 56;
/** struct inet_diag_msg; attributes may follow, which are skipped. */
const DIAG_MSG_LEN = 72;

/** A dump request for the TCP sockets of one family whose state bit is set in `states`. */
export function inetDiagRequest(
  family: number,
  states: number,
  seq: number,
  littleEndian: boolean,
): Uint8Array {
  const bytes = new Uint8Array(REQUEST_LEN);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, REQUEST_LEN, littleEndian);
  view.setUint16(4, SOCK_DIAG_BY_FAMILY, littleEndian);
  view.setUint16(6, NLM_F_REQUEST | NLM_F_DUMP, littleEndian);
  view.setUint32(8, seq, littleEndian);
  bytes[16] = family;
  bytes[17] = IPPROTO_TCP;
  view.setUint32(20, states >>> 0, littleEndian);
  return bytes;
}

/** What one buffer of replies held. */
export interface InetDiagReplies {
  readonly entries: SocketEntry[];
  /** NLMSG_DONE or an error ended the dump; otherwise more replies follow. */
  readonly done: boolean;
  /** The kernel's error number when it refused the request (NLMSG_ERROR), else 0. */
  readonly errno: number;
}

/** Parse the netlink messages of one recv(2) of a sock_diag dump. */
export function parseInetDiag(bytes: Uint8Array, littleEndian: boolean): InetDiagReplies {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: SocketEntry[] = [];
  let at = 0;
  while (at < bytes.length) {
    const left = bytes.length - at;
    if (left < NLMSG_HDRLEN)
      throw new ParseError(`netlink header truncated: ${left} bytes at offset ${at}`);
    const len = view.getUint32(at, littleEndian);
    const type = view.getUint16(at + 4, littleEndian);
    if (len < NLMSG_HDRLEN || len > left)
      throw new ParseError(`netlink message at offset ${at} has length ${len}, ${left} bytes left`);
    const next = at + ((len + 3) & ~3);
    if (type === NLMSG_DONE || type === NLMSG_ERROR) {
      if (next < bytes.length)
        throw new ParseError(`${bytes.length - next} bytes after the end of the dump`);
      const errno = type === NLMSG_ERROR ? errorOf(view, at, len, littleEndian) : 0;
      return { entries, done: true, errno };
    }
    if (type === SOCK_DIAG_BY_FAMILY)
      entries.push(diagMessage(view, at + NLMSG_HDRLEN, len - NLMSG_HDRLEN, littleEndian));
    else if (type !== NLMSG_NOOP)
      throw new ParseError(`unexpected netlink message type ${type} at offset ${at}`);
    at = next;
  }
  return { entries, done: false, errno: 0 };
}

/** NLMSG_ERROR carries a negative errno; 0 would be an acknowledgement, which a dump never sends. */
function errorOf(view: DataView, at: number, len: number, littleEndian: boolean): number {
  if (len < NLMSG_HDRLEN + 4) throw new ParseError(`NLMSG_ERROR of ${len} bytes has no error code`);
  const error = view.getInt32(at + NLMSG_HDRLEN, littleEndian);
  if (error >= 0)
    throw new ParseError(`NLMSG_ERROR with error ${error}, expected a negative errno`);
  return -error;
}

/** One struct inet_diag_msg at `at`, of `len` bytes with its attributes. */
function diagMessage(view: DataView, at: number, len: number, littleEndian: boolean): SocketEntry {
  if (len < DIAG_MSG_LEN)
    throw new ParseError(`inet_diag_msg of ${len} bytes, expected at least ${DIAG_MSG_LEN}`);
  const family = view.getUint8(at);
  if (family !== AF_INET && family !== AF_INET6)
    throw new ParseError(`inet_diag_msg of address family ${family}`);
  return {
    address: decodeAddress(procHex(view, at + 8, family === AF_INET ? 1 : 4)),
    port: view.getUint16(at + 4),
    remotePort: view.getUint16(at + 6),
    state: hex2(view.getUint8(at + 1)),
    uid: view.getUint32(at + 64, littleEndian),
    inode: String(view.getUint32(at + 68, littleEndian)),
  };
}

/** A byte as two hex digits, as /proc/net/tcp prints states and addresses. */
const hex2 = (byte: number) => byte.toString(16).toUpperCase().padStart(2, '0');

/**
 * An address in network order, spelled as /proc/net/tcp spells it: each 32-bit word as a
 * little-endian integer in hex, its first byte last. decodeAddress then gives both sources
 * the same string.
 */
function procHex(view: DataView, at: number, words: number): string {
  let hex = '';
  for (let w = at; w < at + 4 * words; w += 4)
    for (let b = 3; b >= 0; b--) hex += hex2(view.getUint8(w + b));
  return hex;
}
