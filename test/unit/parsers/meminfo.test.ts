import { describe, expect, it } from 'vitest';
import { parseMeminfo } from '../../../exporter/parsers/meminfo.js';

const MEMINFO = `MemTotal:       24683656 kB
MemFree:        22861340 kB
MemAvailable:   23655960 kB
Active(anon):     112880 kB
Inactive(file):   583932 kB
HugePages_Total:       0
HugePages_Free:        0
Hugepagesize:       2048 kB
DirectMap1G:    23068672 kB
`;

describe('parseMeminfo', () => {
  it('converts kB to bytes and keeps unitless counts as they are', () => {
    const fields = parseMeminfo(MEMINFO);
    expect(fields[0]).toEqual({ key: 'MemTotal', value: 24683656 * 1024, bytes: true });
    expect(fields.find((f) => f.key === 'HugePages_Total')).toEqual({
      key: 'HugePages_Total',
      value: 0,
      bytes: false,
    });
  });

  it('makes keys with parentheses metric-safe as node_exporter does', () => {
    expect(parseMeminfo(MEMINFO).map((f) => f.key)).toContain('Active_anon');
    expect(parseMeminfo(MEMINFO).map((f) => f.key)).toContain('Inactive_file');
  });

  it('rejects a malformed line with its number', () => {
    expect(() => parseMeminfo('MemTotal: 1 kB\nMemFree 12 kB\n')).toThrow(
      /line 2: expected "Key: value \[kB\]"/,
    );
    expect(() => parseMeminfo('MemTotal: many kB\n')).toThrow(
      /line 1: MemTotal: expected a number/,
    );
    expect(() => parseMeminfo('MemTotal: 1 MB\n')).toThrow(/unknown unit "MB"/);
  });
});
