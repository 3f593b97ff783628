import { jsPattern } from '../patterns/safety.js';

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

/** A pattern with its named groups made plain capturing groups, and where each name went. */
export interface PositionalCaptures {
  readonly pattern: string;
  /** Group number of each named capture, as in a match array. */
  readonly groups: ReadonlyMap<string, number>;
}

/**
 * The pattern with `(?<name>…)` and `(?P<name>…)` written as plain groups `(…)`. A match then
 * carries its captures in the match array only: V8 builds a `groups` object for every match of
 * a pattern with named groups, which is a third of the cost of a capturing rule over a block of
 * lines. Numbering is unchanged, since named groups are counted with the others. A pattern
 * that refers to a group by name (`\k<name>`) is returned as it is, with its names.
 */
export function positionalCaptures(source: string): PositionalCaptures {
  const p = jsPattern(source);
  const groups = new Map<string, number>();
  const named = /^\?<(?![=!])([^>]+)>/;
  let out = '';
  let number = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '\\') {
      out += c + (p[i + 1] ?? '');
      i++;
    } else if (c === '[') {
      const start = i;
      for (i++; i < p.length && p[i] !== ']'; i++) if (p[i] === '\\') i++;
      out += p.slice(start, i + 1);
    } else if (c === '(') {
      number++;
      const name = named.exec(p.slice(i + 1, i + 260));
      if (name) {
        groups.set(name[1] as string, number);
        i += (name[0] as string).length;
      } else if (p[i + 1] === '?') {
        // (?:…), lookarounds and inline flags capture nothing.
        number--;
      }
      out += '(';
    } else {
      out += c;
    }
  }
  if (p.includes('\\k<')) return { pattern: p, groups };
  return { pattern: out, groups };
}
