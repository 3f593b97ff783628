import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJournalLine, resumeFrom } from '../../exporter/logs/journal-entry.js';

describe('the journal entry parser on any line', () => {
  it('returns an entry on one line with every field asked for, or undefined, and never throws', () => {
    const value = fc.oneof(
      fc.string(),
      fc.array(fc.integer({ min: 0, max: 255 })),
      fc.array(fc.string()),
      fc.constant(null),
      fc.integer(),
    );
    const entry = fc.dictionary(
      fc.constantFrom('__CURSOR', 'MESSAGE', '_SYSTEMD_UNIT', 'PRIORITY', 'X'),
      value,
    );
    fc.assert(
      fc.property(
        fc.oneof(
          entry.map((e) => JSON.stringify(e)),
          fc.string(),
        ),
        (line) => {
          const parsed = parseJournalLine(line, ['_SYSTEMD_UNIT', 'PRIORITY'], 64);
          if (!parsed) return;
          expect(parsed.message).not.toContain('\n');
          expect(parsed.message.length).toBeLessThanOrEqual(64);
          expect(parsed.fields).toHaveLength(2);
          expect(parsed.cursor).not.toBe('');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never counts a negative number of unseen entries', () => {
    const cursor = fc.oneof(
      fc.string(),
      fc
        .tuple(fc.constantFrom('a', 'b'), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }))
        .map(([s, i]) => `s=${s};i=${i.toString(16)};b=0;m=0;t=0;x=0`),
    );
    fc.assert(
      fc.property(cursor, fc.option(cursor, { nil: undefined }), (a, b) => {
        const r = resumeFrom(a, b);
        if (r.kind === 'gap') expect(r.missed).toBeGreaterThan(0);
      }),
    );
  });
});
