import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../exporter/parsers/parse-error.js';
import { parseRaplZoneName } from '../../../exporter/parsers/powercap.js';
import { parseSysUint } from '../../../exporter/parsers/sys-uint.js';

describe('parseRaplZoneName', () => {
  it('splits an index off a two-part name (intel-rapl:0/name)', () => {
    expect(parseRaplZoneName('package-0\n')).toEqual({ name: 'package', index: 0 });
    expect(parseRaplZoneName('package-1\n')).toEqual({ name: 'package', index: 1 });
  });

  it('keeps names without an index (intel-rapl:0:0/name)', () => {
    expect(parseRaplZoneName('core\n')).toEqual({ name: 'core', index: null });
    expect(parseRaplZoneName('psys-x\n')).toEqual({ name: 'psys-x', index: null });
    expect(parseRaplZoneName('a-b-1\n')).toEqual({ name: 'a-b-1', index: null });
  });
});

describe('energy_uj', () => {
  it('reads the counter (intel-rapl:0/energy_uj) and rejects malformed text on line 1', () => {
    expect(parseSysUint('240422366267\n')).toBe(240422366267);
    expect(() => parseSysUint('2404x\n')).toThrow(ParseError);
    expect(() => parseSysUint('2404x\n')).toThrow(/line 1/);
  });
});
