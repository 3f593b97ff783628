import { describe, expect, it } from 'vitest';
import { osVersionNumber } from '../../../exporter/collectors/os.js';
import { parseOsRelease } from '../../../exporter/parsers/os-release.js';

describe('parseOsRelease', () => {
  it('reads quoted and unquoted values, skipping comments', () => {
    const release = parseOsRelease(
      '# comment\nPRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\nID_LIKE=debian\nVARIANT=\'Server Edition\'\nBUG="a \\"quoted\\" word"\n',
    );
    expect(release.get('PRETTY_NAME')).toBe('Ubuntu 22.04.4 LTS');
    expect(release.get('ID')).toBe('ubuntu');
    expect(release.get('VARIANT')).toBe('Server Edition');
    expect(release.get('BUG')).toBe('a "quoted" word');
  });

  it('gives node_os_version the major.minor part', () => {
    expect(osVersionNumber('22.04')).toBe(22.04);
    expect(osVersionNumber('12')).toBe(12);
    expect(osVersionNumber('9.3.2009')).toBe(9.3);
    expect(osVersionNumber(undefined)).toBeUndefined();
    expect(osVersionNumber('rolling')).toBeUndefined();
  });
});
