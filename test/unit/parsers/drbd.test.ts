import { describe, expect, it } from 'vitest';
import { parseDrbd } from '../../../exporter/parsers/drbd.js';

// node_exporter 1.5's fixture proc/drbd (DRBD 8.4).
const DRBD = `version: 8.4.3 (api:1/proto:86-101)
srcversion: 1A9F77B1CA5FF92235C2213 

 1: cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C r-----
    ns:17324442 nr:10961011 dw:28263521 dr:118696670 al:1100 bm:221 lo:12345 pe:12346 ua:12347 ap:12348 ep:1 wo:d oos:12349
`;

describe('parseDrbd', () => {
  it('reads the fields of each device', () => {
    const fields = parseDrbd(DRBD);
    expect(fields.every((f) => f.device === 'drbd1')).toBe(true);
    expect(fields).toContainEqual({ device: 'drbd1', kind: 'connection', state: 'Connected' });
    expect(fields).toContainEqual({
      device: 'drbd1',
      kind: 'pair',
      key: 'ro',
      local: 'Primary',
      remote: 'Primary',
    });
    expect(fields).toContainEqual({ device: 'drbd1', kind: 'number', key: 'ns', value: 17324442 });
    expect(fields).toContainEqual({ device: 'drbd1', kind: 'number', key: 'oos', value: 12349 });
    // wo:d, version: and srcversion: are not read.
    expect(fields.filter((f) => f.kind === 'number')).toHaveLength(12);
  });

  it('attributes fields to the device listed before them', () => {
    const fields = parseDrbd(' 0: cs:StandAlone ro:Secondary/Unknown\n 2: cs:Connected\n');
    expect(fields.map((f) => f.device)).toEqual(['drbd0', 'drbd0', 'drbd2']);
  });

  it('rejects a malformed number, naming the line', () => {
    expect(() => parseDrbd(' 1: cs:Connected\n    ns:12x4 nr:0\n')).toThrow(/line 2: ns/);
  });

  it('rejects a role without a peer, naming the line', () => {
    expect(() => parseDrbd(' 1: ro:Primary\n')).toThrow(/line 1: ro/);
  });
});
