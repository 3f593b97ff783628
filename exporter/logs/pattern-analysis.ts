import { jsPattern } from '../patterns/safety.js';

const META = new Set('\\^$.*+?()[]{}|');

/**
 * Where the token of pattern `p` at `i` ends: after an escape (`\x`), after a character class
 * (`[…]`, escapes inside it included), or after one character. The walks below step from
 * token to token, so that what an escape or a class holds is never read as syntax.
 */
function tokenEnd(p: string, i: number): number {
  if (p[i] === '\\') return i + 2;
  if (p[i] !== '[') return i + 1;
  let j = i + 1;
  for (; j < p.length && p[j] !== ']'; j++) if (p[j] === '\\') j++;
  return j + 1;
}

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
  for (let i = 0, next = 0; i < p.length; i = next) {
    next = tokenEnd(p, i);
    const c = p[i] as string;
    if (c === '\\') {
      const escaped = p[i + 1] ?? '';
      // An escaped punctuation character is itself; \d, \w, \b, \x41 and the like are not.
      if (escaped !== '' && !/[A-Za-z0-9]/.test(escaped)) run += escaped;
      else endRun();
    } else if (c === '*' || c === '?' || c === '{') {
      // The character before was optional.
      run = run.slice(0, -1);
      endRun();
      if (c === '{') {
        const close = p.indexOf('}', i);
        if (close < 0) return null;
        next = close + 1;
      }
    } else if (c === '(') {
      endRun();
      depth++;
    } else if (c === ')') {
      endRun();
      depth--;
    } else if (META.has(c)) {
      endRun();
    } else if (depth === 0) {
      run += c;
    }
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
  for (let i = 0; i < p.length; i = tokenEnd(p, i)) {
    const c = p[i];
    if (c === '^' || c === '$') return true;
    if (c === '(' && /^\?(=|!|<=|<!)/.test(p.slice(i + 1, i + 4))) return true;
  }
  return false;
}

/** A pattern with its named groups made plain capturing groups, and where each name went. */
export interface PositionalCaptures {
  readonly pattern: string;
  /** Group number of each named capture, as in a match array. */
  readonly groups: ReadonlyMap<string, number>;
}

/** `?<name>` right after a group's opening parenthesis (not the lookbehinds `?<=`, `?<!`). */
const GROUP_NAME = /\?<(?![=!])([^>]+)>/y;

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
  let out = '';
  let number = 0;
  for (let i = 0, next = 0; i < p.length; i = next) {
    next = tokenEnd(p, i);
    if (p[i] !== '(') {
      out += p.slice(i, next);
      continue;
    }
    GROUP_NAME.lastIndex = i + 1;
    const name = GROUP_NAME.exec(p);
    if (name) {
      groups.set(name[1] as string, ++number);
      next = GROUP_NAME.lastIndex;
    } else if (p[i + 1] !== '?') {
      // (?:…), lookarounds and inline flags capture nothing.
      number++;
    }
    out += '(';
  }
  return { pattern: p.includes('\\k<') ? p : out, groups };
}
