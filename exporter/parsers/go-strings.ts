/**
 * Go's string splitting and trimming as node_exporter applies them to procfs and sysfs text:
 * `unicode.IsSpace` is not JavaScript's `\s` (Go counts U+0085 as space, not U+FEFF).
 */

const GO_SPACE =
  '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACE_RUN = new RegExp(`[${GO_SPACE}]+`);
const EDGES = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

/** Go's `strings.Fields`: the runs of non-space characters. */
export function goFields(text: string): string[] {
  return text.split(SPACE_RUN).filter((field) => field !== '');
}

/** Go's `strings.TrimSpace`. */
export function goTrimSpace(text: string): string {
  return text.replace(EDGES, '');
}

/**
 * Bytes as Go's `strings.ToValidUTF8(string(bytes), "\uFFFD")` makes them: valid UTF-8 is
 * kept, and each run of bytes that is not valid UTF-8 becomes one U+FFFD.
 */
export function goValidUtf8(bytes: Uint8Array): string {
  let out = '';
  let invalid = false;
  let i = 0;
  while (i < bytes.length) {
    const width = utf8Width(bytes, i);
    if (width === 0) {
      if (!invalid) out += '\uFFFD';
      invalid = true;
      i++;
      continue;
    }
    invalid = false;
    out += Buffer.from(bytes.subarray(i, i + width)).toString('utf8');
    i += width;
  }
  return out;
}

/** The length of the valid UTF-8 sequence at `i` (Go's rules: no overlongs, no surrogates), or 0. */
function utf8Width(b: Uint8Array, i: number): number {
  const c = b[i] as number;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const x = b[i + k];
    return x !== undefined && x >= lo && x <= hi;
  };
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}
