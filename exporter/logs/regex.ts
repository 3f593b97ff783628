import v8 from 'node:v8';

/**
 * Log patterns meet text that anyone able to write a log line controls. V8 falls back to its
 * linear-time engine when a match backtracks excessively, so a crafted line cannot stall the
 * exporter on a pattern such as /^(a+)+$/; the experimental engine is also what lets config
 * loading tell whether a pattern can always fall back (no backreferences, no lookbehind).
 * Both flags must be set before the first pattern is compiled.
 */
v8.setFlagsFromString('--enable-experimental-regexp-engine');
v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

/** process-exporter and mtail configs write named groups Python's way, `(?P<name>…)`. */
export function jsPattern(source: string): string {
  return source.replaceAll('(?P<', '(?<');
}

/** Why a pattern cannot be used for log lines, or null when it can. */
export function unsafePatternReason(source: string): string | null {
  try {
    new RegExp(jsPattern(source));
  } catch (err) {
    return `does not compile: ${(err as Error).message}`;
  }
  try {
    new RegExp(jsPattern(source), 'l');
  } catch {
    return 'uses a backreference or lookbehind, which cannot run in linear time on hostile input';
  }
  return null;
}

/** Names of the named capture groups of a pattern. */
export function captureNames(source: string): string[] {
  return [...jsPattern(source).matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((m) => m[1] as string);
}
