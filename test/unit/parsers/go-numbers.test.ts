import { describe, expect, it } from 'vitest';
import { goFloat, goUint, goUintBig } from '../../../exporter/parsers/go-numbers.js';

describe('goUint (strconv.ParseUint)', () => {
  it('reads decimal and hexadecimal digits', () => {
    expect(goUint('1337', 10, 64)).toBe(1337);
    expect(goUint('000dfb82', 16, 32)).toBe(916354);
    expect(goUint('FFFFFFFF', 16, 32)).toBe(4294967295);
  });

  it('rounds 64-bit values to the nearest float64, as float64(uint64) does', () => {
    expect(goUint('18446744073709551615', 10, 64)).toBe(2 ** 64);
    expect(goUintBig('ffffffffffffffff', 16, 64)).toBe(0xffffffffffffffffn);
  });

  it('rejects signs, prefixes, blanks and out-of-range values', () => {
    for (const text of ['+12', '-1', '0x1', '', ' 1', '1_0', 'g'])
      expect(goUint(text, 16, 64), text).toBeNull();
    expect(goUint('1e3', 10, 64)).toBeNull();
    expect(goUint('100000000', 16, 32)).toBeNull();
    expect(goUint('18446744073709551616', 10, 64)).toBeNull();
  });
});

describe('goFloat (strconv.ParseFloat)', () => {
  it('reads what Go reads', () => {
    expect(goFloat('2320168809')).toBe(2320168809);
    expect(goFloat('-4')).toBe(-4);
    expect(goFloat('1e3')).toBe(1000);
    expect(goFloat('.5')).toBe(0.5);
    expect(goFloat('1.')).toBe(1);
    expect(goFloat('1_0')).toBe(10);
    expect(goFloat('0x1p4')).toBe(16);
    expect(goFloat('0x1.8p1')).toBe(3);
    expect(goFloat('inf')).toBe(Number.POSITIVE_INFINITY);
    expect(goFloat('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
    expect(goFloat('NaN')).toBeNaN();
  });

  it('rejects what Go rejects', () => {
    for (const text of ['', '.', 'e5', '1e', '0x10', '_1', '1_', '1__0', '+nan', '1e400', 'abc'])
      expect(goFloat(text), text).toBeNull();
  });

  it('reads long runs of digits as Go does: rounded, or rejected past the largest float64', () => {
    expect(goFloat('18446744073709551615')).toBe(2 ** 64);
    expect(goFloat('007')).toBe(7);
    expect(goFloat('9'.repeat(308))).toBe(Number('9'.repeat(308)));
    expect(goFloat('9'.repeat(309))).toBeNull();
    expect(goFloat(`0${'1'.repeat(308)}`)).toBe(Number('1'.repeat(308)));
  });
});
