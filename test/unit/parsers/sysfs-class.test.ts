import { describe, expect, it } from 'vitest';
import {
  parseInfinibandRate,
  parseInfinibandState,
  parseSysfsUint,
  sysfsUint,
} from '../../../exporter/parsers/sysfs-class.js';

describe('sysfsUint', () => {
  it('reads decimal and 0x counters as Go ParseUint(s, 0, 64)', () => {
    // mlx4_0/ports/1/counters/port_xmit_wait and fc_host/host0/statistics/fcp_packet_aborts.
    expect(sysfsUint('4294967295\n')).toBe(4294967295);
    expect(sysfsUint('0x13\n')).toBe(19);
    expect(sysfsUint('0xffffffffffffffff\n')).toBe(2 ** 64);
    expect(sysfsUint('010')).toBe(8);
  });

  it('rejects what Go rejects', () => {
    expect(sysfsUint('N/A (no PMA)\n')).toBeNull();
    expect(sysfsUint('-1')).toBeNull();
    expect(sysfsUint('0x1ffffffffffffffff')).toBeNull();
    expect(() => parseSysfsUint('N/A (no PMA)\n')).toThrow(/line 1: expected an unsigned integer/);
  });
});

describe('parseInfinibandState', () => {
  it('reads "<id>: <name>"', () => {
    expect(parseInfinibandState('4: ACTIVE\n')).toEqual({ id: 4, name: 'ACTIVE' });
    expect(parseInfinibandState('5: LinkUp\n')).toEqual({ id: 5, name: 'LinkUp' });
  });

  it('rejects a state without an id', () => {
    expect(() => parseInfinibandState('ACTIVE\n')).toThrow(/line 1:/);
    expect(() => parseInfinibandState('x: ACTIVE\n')).toThrow(/line 1:/);
  });
});

describe('parseInfinibandRate', () => {
  it('converts Gb/s to bytes per second', () => {
    expect(parseInfinibandRate('40 Gb/sec (4X QDR)\n')).toBe(5e9);
    expect(parseInfinibandRate('10 Gb/sec (4X)\n')).toBe(1.25e9);
    // Read as a float32, as procfs does.
    expect(parseInfinibandRate('2.5 Gb/sec (1X SDR)\n')).toBe(312500000);
    expect(parseInfinibandRate('0.1 Gb/sec\n')).toBe(Math.trunc(Math.fround(0.1) * 125000000));
  });

  it('rejects a rate that is not a number', () => {
    expect(() => parseInfinibandRate('fast Gb/sec\n')).toThrow(/line 1:/);
    expect(() => parseInfinibandRate('40\n')).toThrow(/line 1:/);
  });
});
