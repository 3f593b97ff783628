import { ParseError } from './parse-error.js';

/**
 * struct timex as adjtimex(2) fills it, and the values node_exporter 1.5's timex collector
 * derives from it. Pure: the collector makes the system call and hands the bytes here.
 */

/** adjtimex(2)'s return value when the clock is not synchronized (TIME_ERROR). */
export const TIME_ERROR = 5;
/** The status bit that says offset and jitter are in nanoseconds, not microseconds. */
export const STA_NANO = 0x2000;

/** How the C ABI lays out struct timex: the size of `long` and the byte order. */
export interface TimexLayout {
  readonly longBytes: 4 | 8;
  readonly littleEndian: boolean;
}

/** The fields of struct timex that node_exporter reads, as the kernel's integers. */
export interface TimexFields {
  readonly offset: number;
  readonly freq: number;
  readonly maxerror: number;
  readonly esterror: number;
  readonly status: number;
  readonly constant: number;
  readonly tick: number;
  readonly ppsfreq: number;
  readonly jitter: number;
  readonly shift: number;
  readonly stabil: number;
  readonly jitcnt: number;
  readonly calcnt: number;
  readonly errcnt: number;
  readonly stbcnt: number;
  readonly tai: number;
}

/** struct timex's members in order (<sys/timex.h>); `time` is a struct timeval of two longs. */
const MEMBERS: readonly [name: string, type: 'int' | 'long' | 'timeval'][] = [
  ['modes', 'int'],
  ['offset', 'long'],
  ['freq', 'long'],
  ['maxerror', 'long'],
  ['esterror', 'long'],
  ['status', 'int'],
  ['constant', 'long'],
  ['precision', 'long'],
  ['tolerance', 'long'],
  ['time', 'timeval'],
  ['tick', 'long'],
  ['ppsfreq', 'long'],
  ['jitter', 'long'],
  ['shift', 'int'],
  ['stabil', 'long'],
  ['jitcnt', 'long'],
  ['calcnt', 'long'],
  ['errcnt', 'long'],
  ['stbcnt', 'long'],
  ['tai', 'int'],
];
/** The eleven reserved ints after `tai`. */
const RESERVED_BYTES = 11 * 4;

const alignUp = (n: number, to: number) => Math.ceil(n / to) * to;

/** Byte offset of each member, and the struct's size, under the C alignment rules. */
export function timexOffsets(layout: TimexLayout): {
  readonly offsets: Readonly<Record<string, number>>;
  readonly size: number;
} {
  const offsets: Record<string, number> = {};
  let at = 0;
  for (const [name, type] of MEMBERS) {
    const width = type === 'int' ? 4 : layout.longBytes;
    at = alignUp(at, width);
    offsets[name] = at;
    at += type === 'timeval' ? 2 * layout.longBytes : width;
  }
  return { offsets, size: alignUp(at + RESERVED_BYTES, layout.longBytes) };
}

/** Decode the struct adjtimex(2) wrote; a buffer too short for it is a ParseError. */
export function decodeTimex(bytes: Uint8Array, layout: TimexLayout): TimexFields {
  const { offsets, size } = timexOffsets(layout);
  if (bytes.length < size)
    throw new ParseError(
      `struct timex: expected ${size} bytes (long of ${layout.longBytes}), got ${bytes.length}`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = layout.littleEndian;
  const int = (name: string) => view.getInt32(offsets[name] as number, le);
  const long = (name: string) =>
    layout.longBytes === 8
      ? Number(view.getBigInt64(offsets[name] as number, le))
      : view.getInt32(offsets[name] as number, le);
  return {
    offset: long('offset'),
    freq: long('freq'),
    maxerror: long('maxerror'),
    esterror: long('esterror'),
    status: int('status'),
    constant: long('constant'),
    tick: long('tick'),
    ppsfreq: long('ppsfreq'),
    jitter: long('jitter'),
    shift: int('shift'),
    stabil: long('stabil'),
    jitcnt: long('jitcnt'),
    calcnt: long('calcnt'),
    errcnt: long('errcnt'),
    stbcnt: long('stbcnt'),
    tai: int('tai'),
  };
}

/** The node_timex_* values, in their exposed units. */
export interface TimexValues {
  /** 1 unless adjtimex(2) returned TIME_ERROR. */
  readonly syncStatus: number;
  readonly offsetSeconds: number;
  /** 1 + freq / 2^16 ppm. */
  readonly frequencyAdjustmentRatio: number;
  readonly maxerrorSeconds: number;
  readonly estimatedErrorSeconds: number;
  readonly status: number;
  readonly loopTimeConstant: number;
  readonly tickSeconds: number;
  readonly ppsFrequencyHertz: number;
  readonly ppsJitterSeconds: number;
  /** The kernel's shift as is (a power of two of seconds), as node_exporter exposes it. */
  readonly ppsShiftSeconds: number;
  readonly ppsStabilityHertz: number;
  readonly ppsJitterTotal: number;
  readonly ppsCalibrationTotal: number;
  readonly ppsErrorTotal: number;
  readonly ppsStabilityExceededTotal: number;
  readonly taiOffsetSeconds: number;
}

const NANOSECONDS = 1_000_000_000;
const MICROSECONDS = 1_000_000;
/** Parts per million with a 16-bit binary fraction (adjtimex(2), NOTES). */
const PPM16FRAC = 1_000_000.0 * 65_536.0;

/**
 * node_exporter 1.5's arithmetic, division for division, so the floats are the same: offset
 * and jitter in nanoseconds under STA_NANO, else microseconds; maxerror, esterror and tick
 * always microseconds.
 */
export function timexValues(clockState: number, t: TimexFields): TimexValues {
  const divisor = (t.status & STA_NANO) !== 0 ? NANOSECONDS : MICROSECONDS;
  return {
    syncStatus: clockState === TIME_ERROR ? 0 : 1,
    offsetSeconds: t.offset / divisor,
    frequencyAdjustmentRatio: 1 + t.freq / PPM16FRAC,
    maxerrorSeconds: t.maxerror / MICROSECONDS,
    estimatedErrorSeconds: t.esterror / MICROSECONDS,
    status: t.status,
    loopTimeConstant: t.constant,
    tickSeconds: t.tick / MICROSECONDS,
    ppsFrequencyHertz: t.ppsfreq / PPM16FRAC,
    ppsJitterSeconds: t.jitter / divisor,
    ppsShiftSeconds: t.shift,
    ppsStabilityHertz: t.stabil / PPM16FRAC,
    ppsJitterTotal: t.jitcnt,
    ppsCalibrationTotal: t.calcnt,
    ppsErrorTotal: t.errcnt,
    ppsStabilityExceededTotal: t.stbcnt,
    taiOffsetSeconds: t.tai,
  };
}
