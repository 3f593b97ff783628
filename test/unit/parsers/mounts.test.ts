import { describe, expect, it } from 'vitest';
import { parseMounts } from '../../../exporter/parsers/mounts.js';

describe('parseMounts', () => {
  it('reads device, mount point, type and options, decoding octal escapes', () => {
    const mounts = parseMounts(
      '/dev/vda1 / ext4 rw,relatime,errors=remount-ro 0 0\n/dev/vdb1 /srv/data\\040dir xfs ro,relatime 0 0\n',
    );
    expect(mounts[0]).toEqual({
      device: '/dev/vda1',
      mountPoint: '/',
      fsType: 'ext4',
      options: ['rw', 'relatime', 'errors=remount-ro'],
    });
    expect(mounts[1]?.mountPoint).toBe('/srv/data dir');
    expect(mounts[1]?.options[0]).toBe('ro');
  });

  it('rejects a line with too few fields', () => {
    expect(() => parseMounts('/dev/vda1 /\n')).toThrow(/line 1: expected at least 4 fields/);
  });
});
