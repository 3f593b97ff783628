import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../exporter/parsers/parse-error.js';
import { parseVmstat } from '../../../exporter/parsers/vmstat.js';

// Lines of node_exporter 1.5's fixture proc/vmstat.
const VMSTAT = `nr_free_pages 977769
nr_alloc_batch 4158
pgpgin 7344136
pgpgout 1541180581
pswpin 1476
pswpout 35045
pgfault 2320168809
pgmajfault 507162
`;

describe('parseVmstat', () => {
  it('reads every name and value in file order', () => {
    const fields = parseVmstat(VMSTAT);
    expect(fields).toHaveLength(8);
    expect(fields[0]).toEqual({ key: 'nr_free_pages', value: 977769 });
    expect(fields.find((f) => f.key === 'pgfault')?.value).toBe(2320168809);
  });

  it('ignores columns after the value', () => {
    expect(parseVmstat('pgfault 12 14\n')).toEqual([{ key: 'pgfault', value: 12 }]);
  });

  it('rejects a line without a value, naming the line', () => {
    expect(() => parseVmstat('pgfault 12\nnr_x\n')).toThrow(ParseError);
    expect(() => parseVmstat('pgfault 12\nnr_x\n')).toThrow(/line 2: expected "name value"/);
  });

  it('rejects a value that is not a number even in a field that is filtered out later', () => {
    expect(() => parseVmstat('pgfault 12\nnr_x abc\n')).toThrow(
      /line 2: nr_x: expected a number, got "abc"/,
    );
  });
});
