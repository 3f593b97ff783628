import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../exporter/parsers/parse-error.js';
import { parseSysInt } from '../../../exporter/parsers/thermal.js';

describe('parseSysInt', () => {
  it('reads signed integers (thermal_zone0/temp, cooling_device cur_state)', () => {
    expect(parseSysInt('12376\n')).toBe(12376);
    expect(parseSysInt('-1\n')).toBe(-1);
    expect(parseSysInt('3\n')).toBe(3);
  });

  it('rejects anything else, naming the line', () => {
    for (const text of ['', '1.5\n', '0x10\n', '1 2\n'])
      expect(() => parseSysInt(text), JSON.stringify(text)).toThrow(ParseError);
    expect(() => parseSysInt('hot\n')).toThrow(/line 1: expected an integer, got "hot"/);
  });
});
