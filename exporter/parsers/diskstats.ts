import { num, numberedLines, ParseError } from './parse-error.js';

export interface DiskStats {
  readonly major: string;
  readonly minor: string;
  readonly device: string;
  /**
   * The statistics columns after the device name: 11 on old kernels, 15 with discards
   * (4.18+), 17 with flushes (5.5+). Later additions are kept but unused.
   */
  readonly stats: readonly number[];
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
    const stats = fields.slice(3).map((f, i) => num(f, `${device} column ${i + 4}`, lineNo));
    disks.push({ major, minor, device, stats });
  }
  return disks;
}
