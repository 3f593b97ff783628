import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../exporter/parsers/parse-error.js';
import {
  decodeTimex,
  STA_NANO,
  TIME_ERROR,
  type TimexFields,
  timexOffsets,
  timexValues,
} from '../../../exporter/parsers/timex.js';

const bytes = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex');

const LE64 = { longBytes: 8, littleEndian: true } as const;
const BE64 = { longBytes: 8, littleEndian: false } as const;
const LE32 = { longBytes: 4, littleEndian: true } as const;

/**
 * adjtimex(2) with modes = 0 on an x86_64 VM without NTP (it returned TIME_ERROR): STA_UNSYNC,
 * maxerror and esterror at 16 s, tick 10000 µs. node_exporter 1.5 exposed, on that host,
 * sync_status 0, status 64, maxerror/estimated_error 16, loop_time_constant 2, tick 0.01.
 */
const UNSYNCED_X86_64 = bytes(`
  0000000000000000 0000000000000000 0000000000000000 0024f40000000000
  0024f40000000000 4000000000000000 0200000000000000 0100000000000000
  0000f40100000000 a5770e6b00000000 8b5d040000000000 1027000000000000
  0000000000000000 0000000000000000 0000000000000000 0000000000000000
  0000000000000000 0000000000000000 0000000000000000 0000000000000000
  0000000000000000 0000000000000000 0000000000000000 0000000000000000
  0000000000000000 0000000000000000`);

/** A chrony-disciplined clock on a 64-bit little-endian host: STA_PLL | STA_NANO, TAI 37. */
const NANO_LE64 = bytes(`
  0000000000000000 46d3ffffffffffff 3140eeffffffffff b80b000000000000
  1900000000000000 0120000000000000 0700000000000000 0100000000000000
  0000f40100000000 a5770e6b00000000 8b5d040000000000 1027000000000000
  0000000000000000 0000000000000000 0000000000000000 0000000000000000
  0000000000000000 0000000000000000 0000000000000000 0000000000000000
  2500000000000000 0000000000000000 0000000000000000 0000000000000000
  0000000000000000 0000000000000000`);

/** The same struct on a 64-bit big-endian host (s390x, ppc64). */
const NANO_BE64 = bytes(`
  0000000000000000 ffffffffffffd346 ffffffffffee4031 0000000000000bb8
  0000000000000019 0000200100000000 0000000000000007 0000000000000001
  0000000001f40000 000000006b0e77a5 0000000000045d8b 0000000000002710
  0000000000000000 0000000000000000 0000000000000000 0000000000000000
  0000000000000000 0000000000000000 0000000000000000 0000000000000000
  0000002500000000 0000000000000000 0000000000000000 0000000000000000
  0000000000000000 0000000000000000`);

/** Microsecond units (STA_PLL without STA_NANO) with PPS counters, 32-bit little-endian (arm). */
const MICRO_LE32 = bytes(`
  0000000046d3ffff 0000280074bd0000 dc05000001000000 0600000001000000
  0000f401a5770e6b 8b5d040010270000 0000feff3e030000 0200000000000100
  030000000c000000 0100000002000000 0000000000000000 0000000000000000
  0000000000000000 0000000000000000 0000000000000000 0000000000000000`);

const NANO_FIELDS: TimexFields = {
  offset: -11450,
  freq: -1163215,
  maxerror: 3000,
  esterror: 25,
  status: 0x2001,
  constant: 7,
  tick: 10000,
  ppsfreq: 0,
  jitter: 0,
  shift: 0,
  stabil: 0,
  jitcnt: 0,
  calcnt: 0,
  errcnt: 0,
  stbcnt: 0,
  tai: 37,
};

describe('timexOffsets', () => {
  it('lays struct timex out as the C ABI does', () => {
    const x64 = timexOffsets(LE64);
    expect(x64.size).toBe(208);
    expect(x64.offsets).toMatchObject({ status: 40, tick: 88, shift: 112, stabil: 120, tai: 160 });
    const arm = timexOffsets(LE32);
    expect(arm.size).toBe(128);
    expect(arm.offsets).toMatchObject({ status: 20, tick: 44, shift: 56, stabil: 60, tai: 80 });
  });
});

describe('decodeTimex', () => {
  it('reads a real struct from x86_64', () => {
    expect(decodeTimex(UNSYNCED_X86_64, LE64)).toEqual({
      offset: 0,
      freq: 0,
      maxerror: 16_000_000,
      esterror: 16_000_000,
      status: 64,
      constant: 2,
      tick: 10000,
      ppsfreq: 0,
      jitter: 0,
      shift: 0,
      stabil: 0,
      jitcnt: 0,
      calcnt: 0,
      errcnt: 0,
      stbcnt: 0,
      tai: 0,
    });
  });

  it('reads negative longs and both byte orders', () => {
    expect(decodeTimex(NANO_LE64, LE64)).toEqual(NANO_FIELDS);
    expect(decodeTimex(NANO_BE64, BE64)).toEqual(NANO_FIELDS);
  });

  it('reads the 32-bit layout', () => {
    expect(decodeTimex(MICRO_LE32, LE32)).toEqual({
      offset: -11450,
      freq: 2621440,
      maxerror: 48500,
      esterror: 1500,
      status: 1,
      constant: 6,
      tick: 10000,
      ppsfreq: -131072,
      jitter: 830,
      shift: 2,
      stabil: 65536,
      jitcnt: 3,
      calcnt: 12,
      errcnt: 1,
      stbcnt: 2,
      tai: 0,
    });
  });

  it('reads a buffer that is a view into a larger one', () => {
    const padded = Buffer.concat([Buffer.alloc(3), NANO_LE64]).subarray(3);
    expect(decodeTimex(padded, LE64)).toEqual(NANO_FIELDS);
  });

  it('decodes any bytes of the right size to finite integers, or throws ParseError', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 256 }),
        fc.constantFrom(LE64, BE64, LE32),
        (data, layout) => {
          try {
            const fields = decodeTimex(data, layout);
            for (const v of Object.values(fields)) expect(Number.isInteger(v)).toBe(true);
            for (const v of Object.values(timexValues(0, fields)))
              expect(Number.isFinite(v)).toBe(true);
          } catch (err) {
            if (!(err instanceof ParseError)) throw err;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects a struct that is too short', () => {
    expect(() => decodeTimex(UNSYNCED_X86_64.subarray(0, 128), LE64)).toThrow(ParseError);
    expect(() => decodeTimex(UNSYNCED_X86_64.subarray(0, 128), LE64)).toThrow(
      /struct timex: expected 208 bytes \(long of 8\), got 128/,
    );
  });
});

describe('timexValues', () => {
  it('gives what node_exporter 1.5 exposed for the unsynchronized host', () => {
    expect(timexValues(TIME_ERROR, decodeTimex(UNSYNCED_X86_64, LE64))).toEqual({
      syncStatus: 0,
      offsetSeconds: 0,
      frequencyAdjustmentRatio: 1,
      maxerrorSeconds: 16,
      estimatedErrorSeconds: 16,
      status: 64,
      loopTimeConstant: 2,
      tickSeconds: 0.01,
      ppsFrequencyHertz: 0,
      ppsJitterSeconds: 0,
      ppsShiftSeconds: 0,
      ppsStabilityHertz: 0,
      ppsJitterTotal: 0,
      ppsCalibrationTotal: 0,
      ppsErrorTotal: 0,
      ppsStabilityExceededTotal: 0,
      taiOffsetSeconds: 0,
    });
  });

  it('takes offset and jitter in nanoseconds under STA_NANO, the errors in microseconds', () => {
    expect(NANO_FIELDS.status & STA_NANO).toBe(STA_NANO);
    const v = timexValues(0, { ...NANO_FIELDS, jitter: 2500 });
    expect(v.offsetSeconds).toBe(-0.00001145);
    expect(v.ppsJitterSeconds).toBe(0.0000025);
    expect(v.maxerrorSeconds).toBe(0.003);
    expect(v.estimatedErrorSeconds).toBe(0.000025);
    expect(v.tickSeconds).toBe(0.01);
    expect(v.taiOffsetSeconds).toBe(37);
    expect(v.status).toBe(8193);
    expect(v.loopTimeConstant).toBe(7);
  });

  it('takes offset and jitter in microseconds without STA_NANO', () => {
    const v = timexValues(0, decodeTimex(MICRO_LE32, LE32));
    expect(v.offsetSeconds).toBe(-0.01145);
    expect(v.ppsJitterSeconds).toBe(0.00083);
    expect(v.maxerrorSeconds).toBe(0.0485);
    expect(v.estimatedErrorSeconds).toBe(0.0015);
    expect(v.ppsShiftSeconds).toBe(2);
    expect([v.ppsJitterTotal, v.ppsCalibrationTotal, v.ppsErrorTotal]).toEqual([3, 12, 1]);
    expect(v.ppsStabilityExceededTotal).toBe(2);
  });

  it('scales freq, ppsfreq and stabil from 2^-16 ppm', () => {
    expect(timexValues(0, NANO_FIELDS).frequencyAdjustmentRatio).toBe(0.9999822507476807);
    const v = timexValues(0, decodeTimex(MICRO_LE32, LE32));
    expect(v.frequencyAdjustmentRatio).toBe(1.00004); // +40 ppm
    expect(v.ppsFrequencyHertz).toBe(-0.000002);
    expect(v.ppsStabilityHertz).toBe(0.000001);
  });

  it('is synchronized for every clock state but TIME_ERROR', () => {
    // TIME_OK, TIME_INS, TIME_DEL, TIME_OOP, TIME_WAIT, TIME_ERROR
    expect([0, 1, 2, 3, 4, 5].map((state) => timexValues(state, NANO_FIELDS).syncStatus)).toEqual([
      1, 1, 1, 1, 1, 0,
    ]);
  });
});
