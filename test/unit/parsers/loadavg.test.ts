import { describe, expect, it } from 'vitest';
import { parseLoadavg } from '../../../exporter/parsers/loadavg.js';

describe('parseLoadavg', () => {
  it('reads the three averages', () => {
    expect(parseLoadavg('0.61 0.39 0.20 2/187 5012\n')).toEqual({
      load1: 0.61,
      load5: 0.39,
      load15: 0.2,
    });
  });
  it('rejects a truncated file', () => {
    expect(() => parseLoadavg('0.61 0.39')).toThrow(/expected at least 3 fields/);
  });
});
