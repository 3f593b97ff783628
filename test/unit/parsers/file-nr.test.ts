import { describe, expect, it } from 'vitest';
import { parseFileNr } from '../../../exporter/parsers/file-nr.js';
import { ParseError } from '../../../exporter/parsers/parse-error.js';

describe('parseFileNr', () => {
  it('reads allocated and maximum, skipping the always-zero free count', () => {
    expect(parseFileNr('1024\t0\t1631329\n')).toEqual({ allocated: 1024, maximum: 1631329 });
  });

  it('rejects values not separated by tabs, naming the line', () => {
    expect(() => parseFileNr('1024 0 1631329\n')).toThrow(ParseError);
    expect(() => parseFileNr('1024 0 1631329\n')).toThrow(/line 1: expected 3 tab-separated/);
  });

  it('rejects a value that is not a number', () => {
    expect(() => parseFileNr('1024\t0\tmany\n')).toThrow(/line 1: maximum: expected a number/);
  });
});
