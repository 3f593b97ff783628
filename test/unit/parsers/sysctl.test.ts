import { describe, expect, it } from 'vitest';
import { goInt } from '../../../exporter/parsers/go-numbers.js';
import {
  parseSysctlInts,
  parseSysctlSpec,
  parseSysctlStrings,
} from '../../../exporter/parsers/sysctl.js';

describe('parseSysctlSpec', () => {
  it('splits the name from the field names at the first colon', () => {
    expect(parseSysctlSpec('kernel.threads-max')).toEqual({ name: 'kernel.threads-max' });
    expect(parseSysctlSpec('fs.file-nr:total,current,max')).toEqual({
      name: 'fs.file-nr',
      keys: ['total', 'current', 'max'],
    });
  });
});

describe('parseSysctlStrings', () => {
  it('splits on any whitespace', () => {
    expect(
      parseSysctlStrings('kill_process kill_thread trap errno user_notif trace log allow\n'),
    ).toEqual([
      'kill_process',
      'kill_thread',
      'trap',
      'errno',
      'user_notif',
      'trace',
      'log',
      'allow',
    ]);
    expect(parseSysctlStrings('4\t4\t1\t7\n')).toEqual(['4', '4', '1', '7']);
    expect(parseSysctlStrings('\n')).toEqual([]);
  });
});

describe('parseSysctlInts', () => {
  it('reads the values of fs.file-nr and kernel.printk', () => {
    expect(parseSysctlInts('1024\t0\t1631329\n')).toEqual([1024, 0, 1631329]);
    expect(parseSysctlInts('4\t4\t1\t7\n')).toEqual([4, 4, 1, 7]);
  });

  it('rejects a value Go would not parse, naming the field and line', () => {
    expect(() => parseSysctlInts('1024\t0\tmany\n')).toThrow(
      /line 1: field 2: "many" is not an integer/,
    );
    // ULONG_MAX (kernel.shmmax on many systems) is outside int64: node_exporter fails on it too.
    expect(() => parseSysctlInts('18446744073709551615\n')).toThrow(/field 0/);
  });
});

describe('goInt', () => {
  it("follows strconv.ParseInt(s, 0, 64)'s syntax", () => {
    expect(goInt('7801')).toBe(7801);
    expect(goInt('-1')).toBe(-1);
    expect(goInt('+5')).toBe(5);
    expect(goInt('0x1F')).toBe(31);
    expect(goInt('0o17')).toBe(15);
    expect(goInt('017')).toBe(15);
    expect(goInt('0b101')).toBe(5);
    expect(goInt('1_000')).toBe(1000);
    expect(goInt('0x_1f')).toBe(31);
    expect(goInt('9223372036854775807')).toBe(2 ** 63);
    for (const bad of ['08', '0x', '_1', '1_', '1__0', '1f', '1.5', '', '9223372036854775808'])
      expect(goInt(bad), bad).toBeNull();
  });
});
