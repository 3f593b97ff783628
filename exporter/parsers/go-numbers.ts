/**
 * Number syntax as node_exporter reads it (Go's strconv), so that vigil accepts and rejects
 * the same procfs text: `ParseUint` for kernel counters, `ParseFloat` for free-form values.
 * Both return null on text Go would reject; callers raise a ParseError naming the line.
 */

const DECIMAL_DIGITS = /^[0-9]+$/;
const HEX_DIGITS = /^[0-9a-fA-F]+$/;

/**
 * Go's `strconv.ParseUint(text, base, bits)` for base 10 or 16: digits only (no sign, no
 * prefix, no underscores), at most 2^bits - 1. The value is rounded to the nearest float64
 * as Go's `float64(uint64)` does.
 */
export function goUint(text: string, base: 10 | 16, bits: 32 | 64): number | null {
  const big = goUintBig(text, base, bits);
  return big === null ? null : Number(big);
}

/** goUint as an exact bigint, for sums that must wrap at 64 bits as Go's uint64 does. */
export function goUintBig(text: string, base: 10 | 16, bits: 32 | 64): bigint | null {
  if (!(base === 10 ? DECIMAL_DIGITS : HEX_DIGITS).test(text)) return null;
  const value = BigInt(base === 10 ? text : `0x${text}`);
  return value < 1n << BigInt(bits) ? value : null;
}

/** Underscores must sit between digits (Go's underscoreOK); the base prefix counts as one. */
function underscoresOk(text: string): boolean {
  let s = text.replace(/^[+-]/, '');
  let saw = '^';
  let hex = false;
  if (/^0[bBoOxX]/.test(s)) {
    hex = s[1] === 'x' || s[1] === 'X';
    s = s.slice(2);
    saw = '0';
  }
  for (const c of s) {
    if (/[0-9]/.test(c) || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
    } else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

const SPECIAL = /^([+-]?)(inf|infinity)$|^nan$/i;
const DECIMAL_FLOAT = /^[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?$/;
/** Digits short enough to stay below the largest float64 (Go rejects what overflows). */
const PLAIN_DIGITS = /^[0-9]{1,308}$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/;

/**
 * Go's `strconv.ParseFloat(text, 64)`: decimal and hexadecimal (`0x1p-2`) forms, `inf`,
 * `infinity` and `nan` in any case, underscores between digits. Out-of-range values are an
 * error in Go, so null here.
 */
export function goFloat(text: string): number | null {
  // Most procfs values are plain digits, which both languages round to the same float64.
  if (PLAIN_DIGITS.test(text)) return Number(text);
  const special = SPECIAL.exec(text);
  if (special) {
    if (special[2] === undefined) return Number.NaN;
    return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (!underscoresOk(text)) return null;
  let value: number;
  if (DECIMAL_FLOAT.test(text)) {
    const plain = text.replaceAll('_', '');
    value = Number(plain);
  } else {
    const hex = HEX_FLOAT.exec(text);
    if (!hex) return null;
    const [, sign, int = '', frac = '', exp = ''] = hex;
    const digits = `${int}${frac}`.replaceAll('_', '');
    if (digits === '') return null;
    const mantissa = Number(BigInt(`0x${digits}`));
    const shift = Number(exp.replaceAll('_', '')) - 4 * frac.replaceAll('_', '').length;
    // In two steps, so that a large mantissa with a very negative exponent (or the reverse)
    // does not under- or overflow in the power of two alone.
    const half = Math.trunc(shift / 2);
    value = mantissa === 0 ? 0 : mantissa * 2 ** half * 2 ** (shift - half);
    if (sign === '-') value = -value;
  }
  return Number.isFinite(value) ? value : null;
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/**
 * An integer as procfs reads sysctl values (Go's strconv.ParseInt with base 0): decimal, or
 * 0x hexadecimal, 0o or leading-0 octal, 0b binary, `_` between digits; within int64.
 * Null when the text is not such an integer.
 */
export function goInt(text: string): number | null {
  const match = /^([+-]?)(0[xX]|0[oO]|0[bB]|0(?=.))?([0-9a-fA-F_]+)$/.exec(text);
  if (!match) return null;
  const [, sign, prefix = '', body = ''] = match;
  if (body.includes('_') && !underscoresOk(text)) return null;
  const digits = body.replaceAll('_', '');
  const lower = prefix.toLowerCase();
  const [radix, valid] =
    lower === '0x'
      ? ['0x', /^[0-9a-fA-F]+$/]
      : lower === '0b'
        ? ['0b', /^[01]+$/]
        : lower === '0o' || lower === '0'
          ? ['0o', /^[0-7]+$/]
          : ['', /^[0-9]+$/];
  if (!valid.test(digits)) return null;
  const magnitude = BigInt(`${radix}${digits}`);
  const value = sign === '-' ? -magnitude : magnitude;
  if (value < INT64_MIN || value > INT64_MAX) return null;
  return Number(value);
}

const TWO_63 = 2 ** 63;

/**
 * Go's `float64(uint64(x))` on amd64, which expfmt applies to histogram and summary counts:
 * below 2^63 the value is truncated to an int64 (out of range or NaN: -2^63) and wrapped to
 * unsigned; from 2^63 (and NaN) 2^63 is taken off first and put back as the top bit.
 */
export function goUint64(x: number): number {
  let bits: bigint;
  if (x < TWO_63) {
    bits = BigInt.asUintN(64, x >= -TWO_63 ? BigInt(Math.trunc(x)) : -(1n << 63n));
  } else {
    const rest = x - TWO_63;
    bits = (rest < TWO_63 ? BigInt(Math.trunc(rest)) : 1n << 63n) | (1n << 63n);
  }
  return Number(bits);
}

const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;

/**
 * expfmt's parseFloat: Go's `strconv.ParseFloat` without hexadecimal floats or underscores.
 * Null for text Go rejects, including a value out of float64's range.
 */
export function parseGoFloat(text: string): number | null {
  if (/^nan$/i.test(text)) return Number.NaN;
  const inf = INFINITY.exec(text);
  if (inf) return inf[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (!DECIMAL.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Go's `strconv.ParseInt(text, 10, 64)`, as a number; null when Go rejects it. */
export function goInt64(text: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(text)) return null;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? null : Number(value);
}

/**
 * A float as Go's `strconv.FormatFloat(v, 'g', -1, 64)` writes it, which is how
 * node_exporter writes `le` and `quantile` label values: shortest digits, exponent form from
 * 1e+06 up and below 1e-04, an exponent of at least two digits.
 */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (value === 0) return '0';
  const sign = value < 0 ? '-' : '';
  // JavaScript's shortest round-trip digits are Go's shortest digits; only the layout differs.
  const [mantissa = '', exponent = '0'] = String(Math.abs(value)).split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  let digits = whole + fraction;
  let point = whole.length + Number(exponent);
  const leading = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(leading).replace(/0+$/, '');
  point -= leading;
  const exp = point - 1;
  if (exp < -4 || exp >= 6) {
    const tail = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${digits[0]}${tail}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Character classes of names, by char code: 1 starts a label name, 2 continues one, 4 and 8 the same for metric names. */
