import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../exporter/parsers/parse-error.js';
import { parseSysUint } from '../../../exporter/parsers/sys-uint.js';

describe('parseSysUint', () => {
  it('reads one unsigned integer with its newline', () => {
    expect(parseSysUint('1337\n')).toBe(1337);
    expect(parseSysUint('65536\n')).toBe(65536);
  });

  it('rejects a sign, a second value or an empty file, naming the line', () => {
    for (const text of ['+12\n', '12\n13\n', '', '-1\n', '1e3\n'])
      expect(() => parseSysUint(text), JSON.stringify(text)).toThrow(ParseError);
    expect(() => parseSysUint('x\n')).toThrow(/line 1: expected an unsigned integer, got "x"/);
  });
});
