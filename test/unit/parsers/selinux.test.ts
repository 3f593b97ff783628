import { describe, expect, it } from 'vitest';
import {
  configuredEnforceMode,
  parseSelinuxConfig,
  parseSelinuxEnforce,
  parseSelinuxfsMounts,
} from '../../../exporter/parsers/selinux.js';

// Fedora 38's /etc/selinux/config (comments abridged).
const FEDORA = `
# This file controls the state of SELinux on the system.
# SELINUX= can take one of these three values:
#     enforcing - SELinux security policy is enforced.
#     permissive - SELinux prints warnings instead of enforcing.
#     disabled - No SELinux policy is loaded.
SELINUX=enforcing
# SELINUXTYPE= can take one of these three values:
#     targeted - Targeted processes are protected,
SELINUXTYPE=targeted
`;

describe('parseSelinuxConfig', () => {
  it('reads the keys, skipping comments', () => {
    const config = parseSelinuxConfig(FEDORA);
    expect(config.get('SELINUX')).toBe('enforcing');
    expect(config.get('SELINUXTYPE')).toBe('targeted');
    expect(configuredEnforceMode(config)).toBe(1);
  });

  it('drops quotes, keeps the first of a repeated key, ignores lines without "="', () => {
    const config = parseSelinuxConfig('; old\nnonsense\nSELINUX="permissive"\nSELINUX=enforcing\n');
    expect(config.get('SELINUX')).toBe('permissive');
    expect(configuredEnforceMode(config)).toBe(0);
  });

  it('maps disabled, unknown or missing modes to -1', () => {
    expect(configuredEnforceMode(parseSelinuxConfig('SELINUX=disabled\n'))).toBe(-1);
    expect(configuredEnforceMode(parseSelinuxConfig('SELINUX = enforcing\n'))).toBe(-1);
    expect(configuredEnforceMode(parseSelinuxConfig(''))).toBe(-1);
  });
});

describe('parseSelinuxEnforce', () => {
  it('reads the kernel digit', () => {
    expect(parseSelinuxEnforce('1')).toBe(1);
    expect(parseSelinuxEnforce('0')).toBe(0);
  });

  it('rejects anything else, a trailing newline included (as go-selinux)', () => {
    expect(() => parseSelinuxEnforce('1\n')).toThrow(/line 1: expected the enforcement mode/);
    expect(() => parseSelinuxEnforce('on')).toThrow(
      /line 1: expected the enforcement mode, got "on"/,
    );
  });
});

describe('parseSelinuxfsMounts', () => {
  it('finds selinuxfs mount points in mountinfo', () => {
    const mountinfo = `22 1 253:0 / / rw,relatime shared:1 - xfs /dev/mapper/rhel-root rw,seclabel
23 22 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw,seclabel
24 23 0:20 / /sys/fs/selinux rw,nosuid,noexec,relatime shared:8 - selinuxfs selinuxfs rw
`;
    expect(parseSelinuxfsMounts(mountinfo)).toEqual(['/sys/fs/selinux']);
    expect(parseSelinuxfsMounts('bad - selinuxfs x\n')).toEqual([]);
  });
});
