import { goFloat } from './go-numbers.js';

/** A hwmon file name split as node_exporter splits it: `temp1_crit_alarm` is temp, 1, crit_alarm. */
export interface HwmonFileName {
  readonly type: string;
  /** 0 when the name has no number (`vrm`, `beep_enable`). */
  readonly num: number;
  /** '' when the name has no `_<property>` (`pwm1`). */
  readonly property: string;
}

const FILE_NAME = /^([^0-9]+)([0-9]*)?(?:_(.+))?$/;
const INVALID_CHARS = /[^a-z0-9:_]/g;

/** Split a hwmon attribute file name into type, number and property; null when it does not fit. */
export function explodeHwmonFileName(name: string): HwmonFileName | null {
  const match = FILE_NAME.exec(name);
  if (!match) return null;
  const [, type = '', digits = '', property = ''] = match;
  let num = 0;
  if (digits !== '') {
    // Go's strconv.Atoi: a number beyond int64 is an error, and the file is skipped.
    const big = BigInt(digits);
    if (big > (1n << 63n) - 1n) return null;
    num = Number(big);
  }
  return { type, num, property };
}

/** node_exporter's cleanMetricName: lower case, anything but [a-z0-9:_] to `_`, `_` trimmed. */
export function cleanHwmonName(text: string): string {
  return text
    .toLowerCase()
    .replace(INVALID_CHARS, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * A hwmon attribute's value: the text without surrounding newlines, as a float Go's
 * ParseFloat accepts; null otherwise (node_exporter skips such a value, it is not an error).
 */
export function parseHwmonValue(text: string): number | null {
  return goFloat(text.replace(/^\n+|\n+$/g, ''));
}
