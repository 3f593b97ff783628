import { describe, expect, it } from 'vitest';
import { pageSizeFromAuxv, parseSockstat } from '../../../exporter/parsers/sockstat.js';

const SOCKSTAT = `sockets: used 229
TCP: inuse 4 orphan 0 tw 4 alloc 17 mem 1
UDP: inuse 0 mem 0
UDPLITE: inuse 0
RAW: inuse 0
FRAG: inuse 0 memory 0
`;

const SOCKSTAT6 = `TCP6: inuse 17
UDP6: inuse 9
UDPLITE6: inuse 0
RAW6: inuse 1
FRAG6: inuse 0 memory 0
`;

describe('parseSockstat', () => {
  it('reads sockets used and each protocol with the fields its line has', () => {
    const stat = parseSockstat(SOCKSTAT);
    expect(stat.used).toBe(229);
    expect(stat.protocols).toEqual([
      { protocol: 'TCP', inuse: 4, orphan: 0, tw: 4, alloc: 17, mem: 1 },
      { protocol: 'UDP', inuse: 0, mem: 0 },
      { protocol: 'UDPLITE', inuse: 0 },
      { protocol: 'RAW', inuse: 0 },
      { protocol: 'FRAG', inuse: 0, memory: 0 },
    ]);
  });

  it('has no sockets used for sockstat6', () => {
    const stat = parseSockstat(SOCKSTAT6);
    expect(stat.used).toBeUndefined();
    expect(stat.protocols.map((p) => [p.protocol, p.inuse])).toEqual([
      ['TCP6', 17],
      ['UDP6', 9],
      ['UDPLITE6', 0],
      ['RAW6', 1],
      ['FRAG6', 0],
    ]);
  });

  it('takes inuse as 0 when a line lacks it, and ignores unknown keys', () => {
    expect(parseSockstat('TCP: orphan 1 pressure 0\n').protocols).toEqual([
      { protocol: 'TCP', inuse: 0, orphan: 1 },
    ]);
  });

  it('rejects malformed lines with their number', () => {
    expect(() => parseSockstat('sockets: used 1\nTCP: inuse\n')).toThrow(
      /line 2: expected "PROTO: key value/,
    );
    expect(() => parseSockstat('TCP:\n')).toThrow(/line 1: expected "PROTO: key value/);
    expect(() => parseSockstat('TCP: inuse 4 mem many\n')).toThrow(
      /line 1: mem: expected an integer, got "many"/,
    );
  });
});

describe('pageSizeFromAuxv', () => {
  /** An auxiliary vector of 64-bit little-endian words: AT_HWCAP, AT_PAGESZ, AT_NULL. */
  function auxv64(pairs: Array<[number, number]>): Uint8Array {
    const buf = Buffer.alloc(pairs.length * 16);
    pairs.forEach(([type, value], i) => {
      buf.writeBigUInt64LE(BigInt(type), i * 16);
      buf.writeBigUInt64LE(BigInt(value), i * 16 + 8);
    });
    return buf;
  }

  it('finds AT_PAGESZ', () => {
    const auxv = auxv64([
      [16, 0x178bfbff],
      [6, 4096],
      [0, 0],
    ]);
    expect(pageSizeFromAuxv(auxv, 8, true)).toBe(4096);
    expect(pageSizeFromAuxv(auxv64([[6, 65536]]), 8, true)).toBe(65536);
  });

  it('reads 32-bit big-endian words', () => {
    const buf = Buffer.alloc(16);
    buf.writeUInt32BE(6, 0);
    buf.writeUInt32BE(16384, 4);
    expect(pageSizeFromAuxv(buf, 4, false)).toBe(16384);
  });

  it('is undefined when the vector ends before AT_PAGESZ', () => {
    expect(
      pageSizeFromAuxv(
        auxv64([
          [16, 1],
          [0, 0],
          [6, 4096],
        ]),
        8,
        true,
      ),
    ).toBeUndefined();
    expect(pageSizeFromAuxv(new Uint8Array(0), 8, true)).toBeUndefined();
  });
});
