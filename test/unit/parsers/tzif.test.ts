import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePosixTz, parseTzifFooter, zoneAbbreviation } from '../../../exporter/parsers/tzif.js';

describe('time zone names', () => {
  it('reads standard and daylight names and the standard offset from a POSIX TZ string', () => {
    expect(parsePosixTz('CET-1CEST,M3.5.0,M10.5.0/3')).toEqual({
      standard: 'CET',
      standardOffset: 3600,
      daylight: 'CEST',
    });
    expect(parsePosixTz('EST5EDT,M3.2.0,M11.1.0')).toEqual({
      standard: 'EST',
      standardOffset: -18000,
      daylight: 'EDT',
    });
    expect(parsePosixTz('<+0530>-5:30')).toEqual({
      standard: '+0530',
      standardOffset: 19800,
      daylight: undefined,
    });
    expect(parsePosixTz('UTC0')?.standard).toBe('UTC');
    expect(parsePosixTz('Europe/Berlin')).toBeNull();
  });

  it('picks the abbreviation in force from the current offset', () => {
    const cet = parsePosixTz('CET-1CEST,M3.5.0,M10.5.0/3');
    expect(zoneAbbreviation(cet, 3600)).toBe('CET');
    expect(zoneAbbreviation(cet, 7200)).toBe('CEST');
    expect(zoneAbbreviation(null, 0)).toBe('UTC');
    expect(zoneAbbreviation(null, -12600)).toBe('UTC-03:30');
  });

  it('reads the footer of a real TZif file', () => {
    // A TZif v2 file: header, empty data blocks, then the footer line.
    const header = Buffer.alloc(44);
    header.write('TZif2', 0, 'latin1');
    const file = Buffer.concat([
      header,
      header,
      Buffer.from('\nCET-1CEST,M3.5.0,M10.5.0/3\n', 'latin1'),
    ]);
    expect(parseTzifFooter(file)?.daylight).toBe('CEST');
    expect(parseTzifFooter(Buffer.from('not a tz file'))).toBeNull();
  });

  it.skipIf(!process.env.CI && !existsZoneinfo())(
    'reads the system zoneinfo for Europe/Berlin',
    () => {
      expect(parseTzifFooter(readFileSync('/usr/share/zoneinfo/Europe/Berlin'))).toEqual({
        standard: 'CET',
        standardOffset: 3600,
        daylight: 'CEST',
      });
    },
  );
});

function existsZoneinfo(): boolean {
  try {
    readFileSync('/usr/share/zoneinfo/Europe/Berlin');
    return true;
  } catch {
    return false;
  }
}
