import { goUint } from './go-numbers.js';

/**
 * One value of a /sys/fs/btrfs/<uuid> file as procfs reads it: the trimmed text as an
 * unsigned 64-bit decimal, and 0 when it is not one. procfs ignores the parse error, so
 * node_exporter exposes 0 for a malformed or empty file; vigil does the same.
 */
export function parseBtrfsValue(text: string): number {
  return goUint(text.trim(), 10, 64) ?? 0;
}

/**
 * The allocation ratio procfs derives from a layout's name (a directory under
 * allocation/<type>) and the filesystem's device count: raw bytes per data byte.
 */
export function btrfsLayoutRatio(layout: string, devices: number): number {
  switch (layout) {
    case 'single':
    case 'raid0':
      return 1;
    case 'dup':
    case 'raid1':
    case 'raid10':
      return 2;
    case 'raid5':
      return devices / (devices - 1);
    case 'raid6':
      return devices / (devices - 2);
    default:
      return 0;
  }
}
