import { endianness } from 'node:os';
import { errnoName, loadLibc } from '../core/libc.js';
import {
  AF_INET,
  AF_INET6,
  inetDiagRequest,
  parseInetDiag,
  TCP_LISTEN,
} from '../parsers/inet-diag.js';
import type { SocketEntry } from '../parsers/net-sockets.js';

const AF_NETLINK = 16;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;
const NETLINK_SOCK_DIAG = 4;
/** recv(2) reports a reply's whole length even when it did not fit the buffer. */
const MSG_TRUNC = 0x20;
/**
 * The kernel queues each part of a dump before send or recv returns, so a recv never has to
 * wait; one that would is an error, not a stall of the event loop.
 */
const MSG_DONTWAIT = 0x40;
const EINTR = 4;
/** Netlink dumps fill buffers up to the size the reader asks for, so no reply is cut short. */
const RECV_BYTES = 64 * 1024;
const LITTLE_ENDIAN = endianness() === 'LE';

interface Calls {
  readonly socket: (domain: number, type: number, protocol: number) => number;
  readonly send: (fd: number, buf: Uint8Array, len: number, flags: number) => number;
  readonly recv: (fd: number, buf: Uint8Array, len: number, flags: number) => number;
  readonly close: (fd: number) => number;
  readonly errno: () => number;
}

/** Lists sockets through netlink sock_diag, which reports only the states asked for. */
export interface SockDiag {
  /** Listening TCP sockets, IPv4 then IPv6. Throws on any failure. */
  listeningTcp(): SocketEntry[];
  /** Each recv's bytes of one dump of listening TCP sockets, as the kernel sent them. */
  rawListeningTcp(family: typeof AF_INET | typeof AF_INET6): Uint8Array[];
}

let sockDiag: Promise<SockDiag> | undefined;

/** Bind the system calls the first time; a failure (koffi missing, not Linux) is kept. */
export function loadSockDiag(): Promise<SockDiag> {
  sockDiag ??= (async () => {
    if (process.platform !== 'linux')
      throw new Error(`netlink sock_diag is Linux's; not available on ${process.platform}`);
    const { koffi, lib } = await loadLibc();
    const calls: Calls = {
      socket: lib.func('int socket(int domain, int type, int protocol)'),
      send: lib.func('intptr send(int fd, const void *buf, uintptr len, int flags)'),
      recv: lib.func('intptr recv(int fd, void *buf, uintptr len, int flags)'),
      close: lib.func('int close(int fd)'),
      errno: () => koffi.errno(),
    };
    const buffer = new Uint8Array(RECV_BYTES);
    return {
      listeningTcp: () =>
        withSocket(calls, (fd) => {
          const entries: SocketEntry[] = [];
          for (const family of [AF_INET, AF_INET6])
            dump(calls, fd, buffer, family, (reply) => {
              const parsed = parseInetDiag(reply, LITTLE_ENDIAN);
              if (parsed.errno !== 0)
                throw new Error(`sock_diag dump refused: ${errnoName(parsed.errno)}`);
              entries.push(...parsed.entries);
              return parsed.done;
            });
          return entries;
        }),
      rawListeningTcp: (family) =>
        withSocket(calls, (fd) => {
          const replies: Uint8Array[] = [];
          dump(calls, fd, buffer, family, (reply) => {
            replies.push(reply.slice());
            return parseInetDiag(reply, LITTLE_ENDIAN).done;
          });
          return replies;
        }),
    };
  })();
  return sockDiag;
}

function withSocket<T>(calls: Calls, use: (fd: number) => T): T {
  const fd = calls.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) throw new Error(`netlink socket(2) failed: ${errnoName(calls.errno())}`);
  try {
    return use(fd);
  } finally {
    calls.close(fd);
  }
}

/** Request a dump of one family's listening TCP sockets; hand each reply on until one says done. */
function dump(
  calls: Calls,
  fd: number,
  buffer: Uint8Array,
  family: number,
  onReply: (reply: Uint8Array) => boolean,
): void {
  const request = inetDiagRequest(family, 1 << TCP_LISTEN, 1, LITTLE_ENDIAN);
  if (calls.send(fd, request, request.length, 0) !== request.length)
    throw new Error(`netlink send(2) failed: ${errnoName(calls.errno())}`);
  for (;;) {
    const n = calls.recv(fd, buffer, buffer.length, MSG_TRUNC | MSG_DONTWAIT);
    if (n < 0) {
      const errno = calls.errno();
      if (errno === EINTR) continue;
      throw new Error(`netlink recv(2) failed: ${errnoName(errno)}`);
    }
    if (n === 0) throw new Error('netlink recv(2) returned nothing before the end of the dump');
    if (n > buffer.length) throw new Error(`netlink reply of ${n} bytes exceeds the buffer`);
    if (onReply(buffer.subarray(0, n))) return;
  }
}
