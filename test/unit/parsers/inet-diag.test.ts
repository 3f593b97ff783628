import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AF_INET,
  AF_INET6,
  inetDiagRequest,
  parseInetDiag,
  TCP_LISTEN,
} from '../../../exporter/parsers/inet-diag.js';
import { parseNetSockets } from '../../../exporter/parsers/net-sockets.js';
import { ParseError } from '../../../exporter/parsers/parse-error.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/inet-diag/${name}`, import.meta.url), 'utf8');
const bytes = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex');
/** Each recv(2) of a dump, one per line (test/fixtures/inet-diag/capture.ts). */
const replies = (name: string) => fixture(name).trim().split('\n').map(bytes);

const parseAll = (chunks: Uint8Array[]) => chunks.map((c) => parseInetDiag(c, true));

/** A netlink message of the given type and payload, host order little-endian. */
function message(type: number, payload: Uint8Array): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32LE(16 + payload.length, 0);
  header.writeUInt16LE(type, 4);
  header.writeUInt16LE(2, 6);
  header.writeUInt32LE(1, 8);
  const padded = Buffer.alloc((payload.length + 3) & ~3);
  padded.set(payload);
  return Buffer.concat([header, padded]);
}

/** The first inet_diag_msg of the IPv4 capture, without its netlink header. */
const firstDiagMsg = () => {
  const first = replies('tcp.hex')[0] as Buffer;
  return first.subarray(16, first.readUInt32LE(0));
};

describe('inetDiagRequest', () => {
  it('asks for a dump of TCP sockets in the given states', () => {
    expect(Buffer.from(inetDiagRequest(AF_INET6, 1 << TCP_LISTEN, 7, true)).toString('hex')).toBe(
      // nlmsghdr: 72 bytes, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, seq 7, pid 0
      '48000000' +
        '1400' +
        '0103' +
        '07000000' +
        '00000000' +
        // inet_diag_req_v2: AF_INET6, IPPROTO_TCP, no extensions, states 1 << 10
        '0a060000' +
        '00040000' +
        '00'.repeat(48),
    );
  });

  it('writes host-order integers in the byte order it is told', () => {
    const be = Buffer.from(inetDiagRequest(AF_INET, 1 << TCP_LISTEN, 1, false));
    expect(be.readUInt32BE(0)).toBe(72);
    expect(be.readUInt16BE(4)).toBe(20);
    expect(be.readUInt32BE(20)).toBe(1024);
  });
});

describe('parseInetDiag on a reply captured from Linux 6.18', () => {
  it('reads IPv4 listeners, several messages to a recv, then NLMSG_DONE alone', () => {
    const [first, last] = parseAll(replies('tcp.hex'));
    expect(first?.done).toBe(false);
    expect(last).toEqual({ entries: [], done: true, errno: 0 });
    expect(first?.entries).toEqual([
      { address: '0.0.0.0', port: 2024, remotePort: 0, state: '0A', uid: 0, inode: '187' },
      { address: '127.0.0.1', port: 43063, remotePort: 0, state: '0A', uid: 0, inode: '556395' },
      { address: '127.0.0.1', port: 19556, remotePort: 0, state: '0A', uid: 0, inode: '51246' },
    ]);
  });

  it('reads IPv6 listeners, skipping the attributes after each message', () => {
    const entries = parseAll(replies('tcp6.hex')).flatMap((r) => r.entries);
    expect(entries).toEqual([
      { address: '::1', port: 41089, remotePort: 0, state: '0A', uid: 0, inode: '556396' },
    ]);
  });

  it('gives what /proc/net/tcp{,6} showed at the same moment, for the listeners', () => {
    for (const file of ['tcp', 'tcp6']) {
      const fromProc = parseNetSockets(fixture(`proc-net-${file}`)).filter((s) => s.state === '0A');
      expect(parseAll(replies(`${file}.hex`)).flatMap((r) => r.entries)).toEqual(fromProc);
    }
  });
});

describe('parseInetDiag on other replies', () => {
  it('returns the errno of NLMSG_ERROR and ends the dump', () => {
    const error = Buffer.alloc(20);
    error.writeInt32LE(-13, 0); // EACCES, then the request's header
    expect(parseInetDiag(message(2, error), true)).toEqual({ entries: [], done: true, errno: 13 });
  });

  it('skips NLMSG_NOOP', () => {
    const reply = Buffer.concat([message(1, new Uint8Array(0)), message(20, firstDiagMsg())]);
    expect(parseInetDiag(reply, true).entries).toHaveLength(1);
  });

  it('reads a big-endian host', () => {
    const diag = Buffer.from(firstDiagMsg());
    diag.writeUInt32BE(1000, 64);
    diag.writeUInt32BE(187, 68);
    const reply = Buffer.alloc(16);
    reply.writeUInt32BE(16 + diag.length, 0);
    reply.writeUInt16BE(20, 4);
    expect(parseInetDiag(Buffer.concat([reply, diag]), false).entries).toEqual([
      { address: '0.0.0.0', port: 2024, remotePort: 0, state: '0A', uid: 1000, inode: '187' },
    ]);
  });

  it('reads an IPv4-mapped address and a connected socket', () => {
    const diag = Buffer.from(firstDiagMsg());
    diag[0] = AF_INET6;
    diag[1] = 1; // TCP_ESTABLISHED
    diag.writeUInt16BE(443, 4);
    diag.writeUInt16BE(51000, 6);
    diag.set(bytes('00000000 00000000 0000ffff c0000201'), 8);
    expect(parseInetDiag(message(20, diag), true).entries[0]).toMatchObject({
      address: '::ffff:192.0.2.1',
      port: 443,
      remotePort: 51000,
      state: '01',
    });
  });
});

describe('parseInetDiag on malformed replies', () => {
  const diag = firstDiagMsg();
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['a header cut short', bytes('7c000000 1400'), /netlink header truncated: 6 bytes/],
    ['a length under the header', bytes('08000000 14000200 01000000 00000000'), /length 8/],
    ['a length past the end', message(20, diag).subarray(0, 100), /length 124, 100 bytes left/],
    ['an inet_diag_msg cut short', message(20, diag.subarray(0, 40)), /inet_diag_msg of 40 bytes/],
    ['an unknown message type', message(16, diag), /unexpected netlink message type 16/],
    ['an unknown family', message(20, Buffer.concat([bytes('01'), diag.subarray(1)])), /family 1/],
    ['NLMSG_ERROR without its code', message(2, new Uint8Array(0)), /no error code/],
    ['NLMSG_ERROR that is an ack', message(2, new Uint8Array(20)), /error 0/],
    [
      'bytes after NLMSG_DONE',
      Buffer.concat([message(3, new Uint8Array(4)), message(20, diag)]),
      /124 bytes after the end of the dump/,
    ],
  ];
  it.each(cases)('rejects %s', (_name, input, message) => {
    expect(() => parseInetDiag(input, true)).toThrow(ParseError);
    expect(() => parseInetDiag(input, true)).toThrow(message);
  });

  it('gives a ParseError or whole messages for every truncation of the real reply', () => {
    const reply = replies('tcp.hex')[0] as Buffer;
    for (let end = 0; end < reply.length; end++) {
      try {
        const parsed = parseInetDiag(reply.subarray(0, end), true);
        expect(end % 124).toBe(0); // only at a message boundary
        expect(parsed).toMatchObject({ done: false, errno: 0 });
      } catch (err) {
        expect(err).toBeInstanceOf(ParseError);
      }
    }
  });

  it('gives a result or a ParseError for randomly changed bytes', () => {
    const reply = replies('tcp.hex')[0] as Buffer;
    const change = fc.record({ at: fc.nat(reply.length - 1), byte: fc.nat(255) });
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 6 }), (changes) => {
        const input = Buffer.from(reply);
        for (const c of changes) input[c.at] = c.byte;
        try {
          parseInetDiag(input, true);
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
