import { describe, expect, it } from 'vitest';
import { cursorPlace, parseJournalLine, resumeFrom } from '../../../exporter/logs/journal-entry.js';

// Lines as `journalctl --output=json --all` prints them (systemd 252).
const CURSOR =
  's=ecd4d118be544893b05903f358f240a5;i=1f;b=6a5b1b1f0b7a4c3f9a3e0a52d1c1e0aa;m=2a1c3b;t=60a24181e4000;x=97bc4eaac23507dd';
const LINE = `{"__CURSOR":"${CURSOR}","__REALTIME_TIMESTAMP":"1700000000000000","PRIORITY":"3","_SYSTEMD_UNIT":"nginx.service","SYSLOG_IDENTIFIER":"nginx","MESSAGE":"upstream timed out (110: Connection timed out)"}`;

describe('parseJournalLine', () => {
  it('takes the cursor, the message and the fields asked for', () => {
    expect(parseJournalLine(LINE, ['_SYSTEMD_UNIT', '_PID'], 1000)).toEqual({
      cursor: CURSOR,
      message: 'upstream timed out (110: Connection timed out)',
      fields: ['nginx.service', ''],
    });
  });

  it('decodes byte arrays, takes the first of repeated fields, and keeps a message on one line', () => {
    const bytes = [...Buffer.from('caf\u00e9\nline two')];
    const line = `{"__CURSOR":"${CURSOR}","MESSAGE":${JSON.stringify(bytes)},"TAG":["a","b"]}`;
    expect(parseJournalLine(line, ['TAG'], 1000)).toEqual({
      cursor: CURSOR,
      message: 'caf\u00e9 line two',
      fields: ['a'],
    });
  });

  it('gives an empty message for a missing or null one, and cuts a long one', () => {
    expect(parseJournalLine(`{"__CURSOR":"${CURSOR}","MESSAGE":null}`, [], 10)?.message).toBe('');
    expect(
      parseJournalLine(`{"__CURSOR":"${CURSOR}","MESSAGE":"0123456789abc"}`, [], 10)?.message,
    ).toBe('0123456789');
  });

  it('refuses lines that are not entries', () => {
    for (const bad of ['', 'not json', '[]', '{"MESSAGE":"no cursor"}', `{"__CURSOR":""}`, 'null'])
      expect(parseJournalLine(bad, [], 100)).toBeUndefined();
  });
});

describe('resumeFrom', () => {
  const at = (s: string, i: number) => `s=${s};i=${i.toString(16)};b=00;m=0;t=1;x=2`;

  it('reads the sequence number from a cursor', () => {
    expect(cursorPlace(CURSOR)).toEqual({
      seqnumId: 'ecd4d118be544893b05903f358f240a5',
      seqnum: 31n,
    });
    expect(cursorPlace('garbage')).toBeUndefined();
  });

  it('is intact when the saved entry or the next one is the first kept', () => {
    expect(resumeFrom(at('a', 16), at('a', 16))).toEqual({ kind: 'intact' });
    expect(resumeFrom(at('a', 16), at('a', 17))).toEqual({ kind: 'intact' });
    expect(resumeFrom(at('a', 16), undefined)).toEqual({ kind: 'intact' });
  });

  it('counts the entries removed between the saved one and the first kept', () => {
    expect(resumeFrom(at('a', 16), at('a', 300))).toEqual({ kind: 'gap', missed: 283 });
  });

  it('cannot count across another sequence', () => {
    expect(resumeFrom(at('a', 16), at('b', 1))).toEqual({ kind: 'lost' });
    expect(resumeFrom('garbage', at('b', 1))).toEqual({ kind: 'lost' });
  });
});
