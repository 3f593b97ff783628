import { goUint, goUintBig } from './go-numbers.js';
import { ParseError } from './parse-error.js';

/**
 * Parse a /proc/sys file holding one unsigned decimal integer (kernel/random/entropy_avail,
 * net/netfilter/nf_conntrack_count, ...): surrounding whitespace is ignored, anything else,
 * a sign or a second value included, is malformed.
 */
export function parseSysUint(text: string): number {
  const trimmed = text.trim();
  const value = goUint(trimmed, 10, 64);
  if (value === null)
    throw new ParseError(`expected an unsigned integer, got "${trimmed.slice(0, 40)}"`, 1);
  return value;
}

/** parseSysUint as an exact bigint, for 64-bit kernel counters. */
export function parseSysUintBig(text: string): bigint {
  const trimmed = text.trim();
  const value = goUintBig(trimmed, 10, 64);
  if (value === null)
    throw new ParseError(`expected an unsigned integer, got "${trimmed.slice(0, 40)}"`, 1);
  return value;
}
