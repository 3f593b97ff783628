import { describe, expect, it } from 'vitest';
import { parseDmiValue } from '../../../exporter/parsers/dmi.js';

describe('parseDmiValue', () => {
  it('trims the newline of a sysfs attribute', () => {
    expect(parseDmiValue(Buffer.from('PowerEdge R6515\n'))).toBe('PowerEdge R6515');
    expect(parseDmiValue(Buffer.from('\n'))).toBe('');
  });

  it('replaces each run of invalid UTF-8 by one U+FFFD, as Go does', () => {
    // node_exporter 1.5's fixture product_version.
    expect(parseDmiValue(Buffer.from([0xc0, 0x1c, 0x5b, 0x87, 0x0a]))).toBe('\uFFFD\x1c[\uFFFD');
    expect(parseDmiValue(Buffer.from([0x41, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x42]))).toBe('A\uFFFDB');
    expect(parseDmiValue(Buffer.from('Dell\u00a0Inc.\u0085', 'utf8'))).toBe('Dell\u00a0Inc.');
  });

  it('keeps the first 128 bytes, as procfs reads one short read', () => {
    expect(parseDmiValue(Buffer.from(`${'x'.repeat(200)}\n`))).toBe('x'.repeat(128));
  });
});
