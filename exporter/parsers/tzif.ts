/**
 * Time zone abbreviations from a TZif file (tzfile(5)), such as /etc/localtime. Version 2+
 * files end with a POSIX TZ string ("CET-1CEST,M3.5.0,M10.5.0/3", "<+03>-3", "UTC0") that
 * names the standard and daylight-saving abbreviations; that is all vigil needs, and reading
 * it avoids loading ICU's time zone data (about 10 MB of resident memory) for one label.
 */
export interface ZoneNames {
  readonly standard: string;
  /** Offset east of UTC in seconds during standard time. */
  readonly standardOffset: number;
  readonly daylight?: string;
}

const NAME = '(<[^>]+>|[A-Za-z]{3,})';
const OFFSET = '([-+]?\\d{1,2}(?::\\d{2}){0,2})';
const POSIX_TZ = new RegExp(`^${NAME}${OFFSET}${NAME}?`);

function offsetSeconds(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  const [h = 0, m = 0, s = 0] = text.replace(/^[-+]/, '').split(':').map(Number);
  // POSIX offsets are west of UTC: "CET-1" is one hour east.
  return -sign * (h * 3600 + m * 60 + s);
}

export function parsePosixTz(tz: string): ZoneNames | null {
  const match = POSIX_TZ.exec(tz.trim());
  if (!match) return null;
  const unbracket = (n: string) => n.replace(/^<|>$/g, '');
  const [, std, offset, dst] = match as unknown as [string, string, string, string | undefined];
  return {
    standard: unbracket(std),
    standardOffset: offsetSeconds(offset),
    daylight: dst ? unbracket(dst) : undefined,
  };
}

/** The POSIX TZ footer of a TZif file, or null for version 1 files and other data. */
export function parseTzifFooter(data: Buffer): ZoneNames | null {
  if (data.subarray(0, 4).toString('latin1') !== 'TZif' || data.length < 2) return null;
  const end = data[data.length - 1] === 0x0a ? data.length - 1 : data.length;
  const start = data.lastIndexOf(0x0a, end - 1);
  if (start < 0) return null;
  return parsePosixTz(data.subarray(start + 1, end).toString('latin1'));
}

/** The abbreviation in force for a given offset east of UTC, in seconds. */
export function zoneAbbreviation(names: ZoneNames | null, offset: number): string {
  if (names)
    return offset === names.standardOffset || !names.daylight ? names.standard : names.daylight;
  if (offset === 0) return 'UTC';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `UTC${sign}${String(Math.floor(abs / 3600)).padStart(2, '0')}:${String(Math.floor((abs % 3600) / 60)).padStart(2, '0')}`;
}
