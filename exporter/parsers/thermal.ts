import { goInt64 } from './go-numbers.js';
import { ParseError } from './parse-error.js';

/**
 * A sysfs file holding one signed decimal integer (thermal zone `temp`, cooling device
 * `cur_state` and `max_state`, which can be -1): surrounding whitespace is ignored, as Go's
 * strconv.ParseInt(strings.TrimSpace(text), 10, 64) reads it.
 */
export function parseSysInt(text: string): number {
  const trimmed = text.trim();
  const value = goInt64(trimmed);
  if (value === null) throw new ParseError(`expected an integer, got "${trimmed.slice(0, 40)}"`, 1);
  return value;
}
