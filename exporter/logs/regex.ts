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

const META = new Set('\\^$.*+?()[]{}|');

/**
 * The longest run of plain characters that every match of the pattern contains, or null.
 * Lines without it cannot match, so a block of lines is searched for it with `indexOf` and
 * only the lines that contain it are run through the expression. Only runs outside groups
 * and classes are taken, and none from a pattern with an alternation, so the literal is
 * required whatever path the match takes.
 */
export function requiredLiteral(source: string): string | null {
  const p = jsPattern(source);
  if (p.includes('|')) return null;
  let best = '';
  let run = '';
  let depth = 0;
  const endRun = () => {
    if (depth === 0 && run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '\\') {
      const next = p[i + 1] ?? '';
      i++;
      // An escaped punctuation character is itself; \d, \w, \b, \x41 and the like are not.
      if (next !== '' && !/[A-Za-z0-9]/.test(next)) {
        run += next;
        continue;
      }
      endRun();
      continue;
    }
    if (c === '*' || c === '?' || c === '{') {
      // The character before was optional.
      run = run.slice(0, -1);
      endRun();
      if (c === '{') i = p.indexOf('}', i);
      if (i < 0) return null;
      continue;
    }
    if (c === '+') {
      endRun();
      continue;
    }
    if (c === '[') {
      endRun();
      for (i++; i < p.length && p[i] !== ']'; i++) if (p[i] === '\\') i++;
      continue;
    }
    if (c === '(') {
      endRun();
      depth++;
      continue;
    }
    if (c === ')') {
      endRun();
      depth--;
      continue;
    }
    if (META.has(c)) {
      endRun();
      continue;
    }
    if (depth === 0) run += c;
  }
  endRun();
  return best.length > 0 ? best : null;
}

/**
 * Whether a match can depend on where the line ends: `^`, `$` and lookarounds see the end of
 * the line only when the line is matched on its own. Other patterns can be run across a block
 * of lines, which is faster, as long as the match found does not span a newline.
 */
export function dependsOnLineEnds(source: string): boolean {
  const p = jsPattern(source);
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      for (i++; i < p.length && p[i] !== ']'; i++) if (p[i] === '\\') i++;
    } else if (c === '^' || c === '$') {
      return true;
    } else if (c === '(' && /^\?(=|!|<=|<!)/.test(p.slice(i + 1, i + 4))) {
      return true;
    }
  }
  return false;
}
