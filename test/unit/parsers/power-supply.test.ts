import { describe, expect, it } from 'vitest';
import { goTrimSpace, goValidUtf8 } from '../../../exporter/parsers/go-strings.js';
import { ParseError } from '../../../exporter/parsers/parse-error.js';
import { parsePowerSupplyAttribute } from '../../../exporter/parsers/power-supply.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parsePowerSupplyAttribute', () => {
  it('reads integer attributes (BAT0/energy_full, capacity) with Go base-0 syntax', () => {
    expect(parsePowerSupplyAttribute('energy_full', bytes('45070000\n'))).toEqual({
      kind: 'integer',
      value: 45070000,
    });
    expect(parsePowerSupplyAttribute('capacity', bytes('81\n'))).toEqual({
      kind: 'integer',
      value: 81,
    });
    expect(parsePowerSupplyAttribute('online', bytes('0x1\n'))?.value).toBe(1);
  });

  it('reads text attributes (BAT0/status) and ignores unknown files', () => {
    expect(parsePowerSupplyAttribute('status', bytes('Discharging\n'))).toEqual({
      kind: 'string',
      value: 'Discharging',
    });
    expect(parsePowerSupplyAttribute('uevent', bytes('POWER_SUPPLY_NAME=AC\n'))).toBeNull();
  });

  it('replaces each run of invalid UTF-8 with one U+FFFD (BAT0/model_name)', () => {
    const model = Uint8Array.from([...bytes('LNV-45N1'), 0xc0, 0xc0, 0x0a]);
    expect(parsePowerSupplyAttribute('model_name', model)).toEqual({
      kind: 'string',
      value: 'LNV-45N1\uFFFD',
    });
    expect(goValidUtf8(Uint8Array.from([0x61, 0xed, 0xa0, 0x80, 0x62, 0xc3, 0xa9]))).toBe(
      'a\uFFFDbé',
    );
  });

  it('throws a ParseError naming the file and line for a malformed integer', () => {
    expect(() => parsePowerSupplyAttribute('capacity', bytes('81%\n'))).toThrow(ParseError);
    expect(() => parsePowerSupplyAttribute('capacity', bytes('81%\n'))).toThrow(
      /line 1: capacity: expected an integer/,
    );
  });

  it('trims as Go TrimSpace does', () => {
    expect(goTrimSpace('\u00a0 x \n')).toBe('x');
  });
});
