import v8 from 'node:v8';

let linearTime = false;

/**
 * Patterns from the config meet text that anyone able to write a log line or start a process
 * controls. With these V8 flags a match that backtracks excessively falls back to V8's
 * linear-time engine, so a crafted line cannot stall the exporter on a pattern such as
 * /^(a+)+$/; the experimental engine is also what lets config loading tell whether a pattern
 * can always fall back (no backreferences, no lookbehind). Called once at start, before any
 * configured pattern is compiled.
 */
export function enableLinearTimeRegexps(): void {
  if (linearTime) return;
  v8.setFlagsFromString('--enable-experimental-regexp-engine');
  v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  linearTime = true;
}

/** process-exporter and mtail configs write named groups Python's way, `(?P<name>…)`. */
export function jsPattern(source: string): string {
  return source.replaceAll('(?P<', '(?<');
}

/** Why a pattern cannot be run on hostile input, or null when it can. */
export function unsafePatternReason(source: string): string | null {
  if (!linearTime)
    throw new Error('enableLinearTimeRegexps() must run before patterns are checked');
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
