import { describe, expect, it } from 'vitest';
import { parseNfsClient, parseNfsServer } from '../../../exporter/parsers/net-rpc-nfs.js';
import { ParseError } from '../../../exporter/parsers/parse-error.js';

// node_exporter 1.5's fixture proc/net/rpc/nfs.
const NFS = `net 70 70 69 45
rpc 1218785755 374636 1218815394
proc2 18 16 57 74 52 71 73 45 86 0 52 83 61 17 53 50 23 70 82
proc3 22 0 1061909262 48906 4077635 117661341 5 29391916 2570425 2993289 590 0 0 7815 15 1130 0 3983 92385 13332 2 1 23729
proc4 48 98 51 54 83 85 23 24 1 28 73 68 83 12 84 39 68 59 58 88 29 74 69 96 21 84 15 53 86 54 66 56 97 36 49 32 85 81 11 58 32 67 13 28 35 90 1 26 0
`;

// node_exporter 1.5's fixture proc/net/rpc/nfsd.
const NFSD = `rc 0 6 18622
fh 0 0 0 0 0
io 157286400 72864
th 8 0 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000
ra 32 0 0 0 0 0 0 0 0 0 0 0
net 972 55 917 1
rpc 18628 3 1 2 0
proc2 18 2 69 0 0 4410 0 0 0 0 0 0 0 0 0 0 0 99 2
proc3 22 2 112 0 2719 111 0 0 0 0 0 0 0 0 0 0 0 27 216 0 2 1 0
proc4 2 2 10853
proc4ops 72 0 0 0 1098 2 0 0 0 0 8179 5896 0 0 0 0 5900 0 0 2 0 2 0 9609 0 2 150 1272 0 0 0 1236 0 0 0 0 3 3 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
`;

const value = (procs: readonly { method: string; value: number }[], method: string) =>
  procs.find((p) => p.method === method)?.value;

describe('parseNfsClient', () => {
  it('reads network, RPC and per-version procedure counts', () => {
    const stats = parseNfsClient(NFS);
    expect(stats.network).toEqual({ udp: 70, tcp: 69, tcpConnections: 45 });
    expect(stats.rpcCalls).toBe(1218785755);
    expect(stats.rpcRetransmissions).toBe(374636);
    expect(stats.rpcAuthRefreshes).toBe(1218815394);
    expect(stats.v2).toHaveLength(18);
    expect(value(stats.v2, 'Null')).toBe(16);
    expect(value(stats.v2, 'FsStat')).toBe(82);
    expect(value(stats.v3, 'GetAttr')).toBe(1061909262);
    expect(value(stats.v3, 'Commit')).toBe(23729);
  });

  it('pads a short proc4 line with zeros, in procfs 0.8 column order', () => {
    const { v4 } = parseNfsClient(NFS);
    expect(v4).toHaveLength(59);
    expect(value(v4, 'Null')).toBe(98);
    expect(value(v4, 'LayoutGet')).toBe(90);
    expect(value(v4, 'GetDeviceInfo')).toBe(1);
    expect(value(v4, 'Clone')).toBe(0);
  });

  it('reads an absent line as zeros', () => {
    const stats = parseNfsClient('rpc 1 2 3\n');
    expect(stats.network).toEqual({ udp: 0, tcp: 0, tcpConnections: 0 });
    expect(value(stats.v3, 'Read')).toBe(0);
  });

  it('rejects a proc line whose count disagrees with its values, naming the line', () => {
    const text = 'net 70 70 69 45\nproc2 18 1 2 3\n';
    expect(() => parseNfsClient(text)).toThrow(ParseError);
    expect(() => parseNfsClient(text)).toThrow(/line 2: proc2: declares 18 values, has 3/);
  });

  it('rejects an unknown key, a bare key and a non-numeric value', () => {
    expect(() => parseNfsClient('net 1 2 3 4\nfoo 1\n')).toThrow(/line 2: unknown NFS line "foo"/);
    expect(() => parseNfsClient('net\n')).toThrow(/line 1: invalid NFS line/);
    expect(() => parseNfsClient('rpc 1 -2 3\n')).toThrow(/line 1: rpc: expected an unsigned/);
  });
});

describe('parseNfsServer', () => {
  it('reads the reply cache, file handles, I/O, threads and read-ahead cache', () => {
    const s = parseNfsServer(NFSD);
    expect([s.replyCacheHits, s.replyCacheMisses, s.replyCacheNoCache]).toEqual([0, 6, 18622]);
    expect(s.fileHandlesStale).toBe(0);
    expect([s.ioRead, s.ioWrite]).toEqual([157286400, 72864]);
    expect(s.threads).toBe(8);
    expect([s.readAheadCacheSize, s.readAheadNotFound]).toEqual([32, 0]);
    expect(s.network).toEqual({ udp: 55, tcp: 917, tcpConnections: 1 });
    expect([s.rpcCalls, s.rpcBadFormat, s.rpcBadAuth, s.rpcBadClient]).toEqual([18628, 1, 2, 0]);
  });

  it('leaves out the Null procedure and reads proc4ops as procfs 0.8 does', () => {
    const s = parseNfsServer(NFSD);
    expect(value(s.v2, 'Null')).toBeUndefined();
    expect(value(s.v2, 'Lookup')).toBe(4410);
    expect(value(s.v3, 'ReadDirPlus')).toBe(216);
    expect(value(s.v4, 'Access')).toBe(1098);
    expect(value(s.v4, 'PutFH')).toBe(9609);
    expect(value(s.v4, 'Renew')).toBe(1236);
    expect(value(s.v4, 'Verify')).toBe(3);
    expect(value(s.v4, 'Write')).toBe(3);
    expect(value(s.v4, 'PutPubFH')).toBeUndefined();
    expect(s.v4).toHaveLength(33);
  });

  it('reads a file without the ra line (Linux 5.x) as a zero read-ahead cache', () => {
    const text = NFSD.split('\n')
      .filter((l) => !l.startsWith('ra '))
      .join('\n');
    expect(parseNfsServer(text).readAheadCacheSize).toBe(0);
  });

  it('rejects a short proc4ops line and a wrong-sized rc line, naming the line', () => {
    expect(() => parseNfsServer('rc 0 6 18622\nproc4ops 3 0 0 0\n')).toThrow(ParseError);
    expect(() => parseNfsServer('rc 0 6 18622\nproc4ops 3 0 0 0\n')).toThrow(/line 2: proc4ops/);
    expect(() => parseNfsServer('rc 0 6\n')).toThrow(/line 1: rc: expected 3 values, got 2/);
    expect(() => parseNfsServer('th 8\n')).toThrow(/line 1: th: expected at least 2 values/);
  });
});
