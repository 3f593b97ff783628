import { goFloat, goInt, goUint } from './go-numbers.js';
import { ParseError } from './parse-error.js';

/**
 * A sysfs class attribute holding one unsigned counter, as procfs's value parser reads it
 * (Go's `strconv.ParseUint(text, 0, 64)` on the trimmed text): decimal, `0x` hexadecimal
 * (fc_host statistics), `0`/`0o` octal or `0b` binary. Null when Go would reject it.
 */
export function sysfsUint(text: string): number | null {
  const s = text.trim();
  if (s === '' || s[0] === '+' || s[0] === '-') return null;
  const small = goInt(s);
  if (small !== null) return small;
  // Above int64: only the plain decimal and 0x forms occur in sysfs counters.
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return goUint(s.slice(2), 16, 64);
  return goUint(s, 10, 64);
}

/** sysfsUint that throws a ParseError (line 1) instead of returning null. */
export function parseSysfsUint(text: string): number {
  const value = sysfsUint(text);
  if (value === null)
    throw new ParseError(`expected an unsigned integer, got "${text.trim().slice(0, 40)}"`, 1);
  return value;
}

/** An InfiniBand port `state` or `phys_state` file: `<id>: <NAME>`, e.g. `4: ACTIVE`. */
export function parseInfinibandState(text: string): { id: number; name: string } {
  const parts = text.split(':');
  if (parts.length !== 2)
    throw new ParseError(`expected "ID: NAME", got "${text.trim().slice(0, 40)}"`, 1);
  const id = goUint((parts[0] as string).trim(), 10, 32);
  if (id === null) throw new ParseError(`expected a numeric state, got "${parts[0]}"`, 1);
  return { id, name: (parts[1] as string).trim() };
}

/**
 * An InfiniBand port `rate` file, e.g. `40 Gb/sec (4X QDR)`, in bytes per second as procfs
 * computes it: the Gb/s figure read as a float32, times 125000000, truncated to an integer.
 */
export function parseInfinibandRate(text: string): number {
  const space = text.indexOf(' ');
  if (space < 0) throw new ParseError(`expected "<Gb/s> Gb/sec ...", got "${text.trim()}"`, 1);
  const gbps = goFloat(text.slice(0, space).trim());
  if (gbps === null || Math.abs(gbps) > 3.4028234663852886e38)
    throw new ParseError(`expected a rate in Gb/s, got "${text.slice(0, space)}"`, 1);
  const bytes = Math.fround(gbps) * 125000000;
  // Go's uint64(float64): truncation; negative rates do not occur in sysfs.
  return bytes > 0 ? Math.trunc(bytes) : 0;
}
