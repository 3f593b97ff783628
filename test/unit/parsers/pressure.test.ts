import { describe, expect, it } from 'vitest';
import { parsePressure } from '../../../exporter/parsers/pressure.js';

describe('parsePressure', () => {
  it('reads some and full lines', () => {
    const psi = parsePressure(
      'some avg10=0.74 avg60=2.19 avg300=2.45 total=17019692\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=3\n',
    );
    expect(psi.some).toEqual({ avg10: 0.74, avg60: 2.19, avg300: 2.45, total: 17019692 });
    expect(psi.full?.total).toBe(3);
  });

  it('accepts a cpu file with only a some line (kernels before 5.13)', () => {
    expect(parsePressure('some avg10=0.00 avg60=0.00 avg300=0.00 total=10\n').full).toBeUndefined();
  });

  it('rejects a line missing its total', () => {
    expect(() => parsePressure('some avg10=0.00 avg60=0.00 avg300=0.00\n')).toThrow(
      /line 1: missing some total/,
    );
  });
});
