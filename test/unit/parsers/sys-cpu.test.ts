import { describe, expect, it } from 'vitest';
import { parseCpuList } from '../../../exporter/parsers/sys-cpu.js';
import { parseSysUintBig } from '../../../exporter/parsers/sys-uint.js';

describe('parseCpuList', () => {
  it('expands ranges in the order listed (node_exporter fixture: /sys/devices/system/cpu/isolated)', () => {
    expect(parseCpuList('1,3-5,9\n')).toEqual([1, 3, 4, 5, 9]);
  });

  it('reads the empty list the kernel writes when no CPU is isolated', () => {
    expect(parseCpuList('\n')).toEqual([]);
    expect(parseCpuList('')).toEqual([]);
  });

  it('lists each CPU once', () => {
    expect(parseCpuList('0-2,1\n')).toEqual([0, 1, 2]);
  });

  it('rejects malformed lists on line 1', () => {
    expect(() => parseCpuList('1-2-3\n')).toThrow(/line 1: invalid cpu range "1-2-3"/);
    expect(() => parseCpuList('1,x\n')).toThrow(/line 1: cpu: expected a CPU number, got "x"/);
    expect(() => parseCpuList('-3\n')).toThrow(/line 1: cpu range start/);
    expect(() => parseCpuList('0-99999999999\n')).toThrow(/too long/);
  });
});

describe('parseSysUintBig', () => {
  it('reads one unsigned decimal, whitespace around it ignored', () => {
    expect(parseSysUintBig('30\n')).toBe(30n);
    expect(parseSysUintBig(' 18446744073709551615 \n')).toBe(18446744073709551615n);
  });

  it('rejects signs, other bases and 65-bit values', () => {
    expect(() => parseSysUintBig('-1\n')).toThrow(/line 1: expected an unsigned integer, got "-1"/);
    expect(() => parseSysUintBig('0x10\n')).toThrow(/expected an unsigned integer/);
    expect(() => parseSysUintBig('\n')).toThrow(/expected an unsigned integer/);
    expect(() => parseSysUintBig('18446744073709551616')).toThrow(/expected an unsigned integer/);
  });
});
