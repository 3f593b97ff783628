import { numberedLines } from './fields.js';
import { ParseError } from './parse-error.js';

export interface Mount {
  readonly device: string;
  readonly mountPoint: string;
  readonly fsType: string;
  readonly options: readonly string[];
}

/** The kernel escapes space, tab, newline and backslash in mount fields as octal (`\040`). */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(Number.parseInt(octal, 8)),
  );
}

/** Parse /proc/<pid>/mounts (fstab format). */
export function parseMounts(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const [line, lineNo] of numberedLines(text)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4)
      throw new ParseError(`expected at least 4 fields, got ${fields.length}`, lineNo);
    const [device, mountPoint, fsType, options] = fields as [string, string, string, string];
    mounts.push({
      device: unescapeMountField(device),
      mountPoint: unescapeMountField(mountPoint),
      fsType,
      options: options.split(','),
    });
  }
  return mounts;
}
