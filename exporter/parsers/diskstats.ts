import { num, numberedLines } from './fields.js';
import { ParseError } from './parse-error.js';

/**
 * The statistics columns of /proc/diskstats after the device name, in order, named with
 * their units (sectors are 512 bytes whatever the device's own sector size). 11 columns on
 * old kernels, 15 with discards (4.18+), 17 with flushes (5.5+); later additions are ignored.
 */
export const DISKSTATS_FIELDS = [
  'readsCompleted',
  'readsMerged',
  'sectorsRead',
  'readTimeMs',
  'writesCompleted',
  'writesMerged',
  'sectorsWritten',
  'writeTimeMs',
  'ioInProgress',
  'ioTimeMs',
  'ioWeightedTimeMs',
  'discardsCompleted',
  'discardsMerged',
  'sectorsDiscarded',
  'discardTimeMs',
  'flushesCompleted',
  'flushTimeMs',
] as const;

export type DiskstatsField = (typeof DISKSTATS_FIELDS)[number];

export interface DiskStats {
  readonly major: string;
  readonly minor: string;
  readonly device: string;
  /** The columns this kernel has; discard and flush columns are absent on older kernels. */
  readonly stats: Readonly<Partial<Record<DiskstatsField, number>>>;
}

/** Parse /proc/diskstats. Lines with fewer than 11 statistics (old partition lines) are skipped. */
export function parseDiskstats(text: string): DiskStats[] {
  const disks: DiskStats[] = [];
  for (const [line, lineNo] of numberedLines(text)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 3)
      throw new ParseError(`expected major, minor and device name, got "${line.trim()}"`, lineNo);
    const [major, minor, device] = fields as [string, string, string];
    if (fields.length < 14) continue;
    const stats: Partial<Record<DiskstatsField, number>> = {};
    DISKSTATS_FIELDS.forEach((name, i) => {
      const text = fields[3 + i];
      if (text !== undefined) stats[name] = num(text, `${device} column ${i + 4}`, lineNo);
    });
    disks.push({ major, minor, device, stats });
  }
  return disks;
}
