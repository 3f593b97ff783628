import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

// Go's filepath.Glob, which node_exporter 1.5 applies to --collector.textfile.directory.
/** A malformed glob pattern (Go's filepath.ErrBadPattern). */
export class BadPattern extends Error {}

type GlobToken =
  | { readonly kind: 'star' }
  | { readonly kind: 'any' }
  | { readonly kind: 'char'; readonly cp: number }
  | {
      readonly kind: 'class';
      readonly negated: boolean;
      readonly ranges: ReadonlyArray<readonly [number, number]>;
    };

/** Tokens of a Go `filepath.Match` pattern; throws BadPattern where Go returns ErrBadPattern. */
function globTokens(pattern: string): GlobToken[] {
  const cps = Array.from(pattern, (ch) => ch.codePointAt(0) as number);
  const tokens: GlobToken[] = [];
  const BACKSLASH = 0x5c;
  let i = 0;
  /** One character of a class (Go's getEsc): not '-' or ']' unescaped, not the last. */
  const classChar = (): number => {
    let cp = cps[i];
    if (cp === undefined || cp === 0x2d || cp === 0x5d) throw new BadPattern();
    if (cp === BACKSLASH) {
      i++;
      cp = cps[i];
      if (cp === undefined) throw new BadPattern();
    }
    i++;
    if (i >= cps.length) throw new BadPattern();
    return cp;
  };
  while (i < cps.length) {
    const cp = cps[i] as number;
    if (cp === 0x2a) {
      tokens.push({ kind: 'star' });
      i++;
    } else if (cp === 0x3f) {
      tokens.push({ kind: 'any' });
      i++;
    } else if (cp === BACKSLASH) {
      const next = cps[i + 1];
      if (next === undefined) throw new BadPattern();
      tokens.push({ kind: 'char', cp: next });
      i += 2;
    } else if (cp === 0x5b) {
      i++;
      const negated = cps[i] === 0x5e;
      if (negated) i++;
      const ranges: Array<[number, number]> = [];
      for (;;) {
        if (cps[i] === 0x5d && ranges.length > 0) {
          i++;
          break;
        }
        const lo = classChar();
        let hi = lo;
        if (cps[i] === 0x2d) {
          i++;
          hi = classChar();
        }
        ranges.push([lo, hi]);
      }
      tokens.push({ kind: 'class', negated, ranges });
    } else {
      tokens.push({ kind: 'char', cp });
      i++;
    }
  }
  return tokens;
}

/** Go's `filepath.Match` on one path element (no separator): the whole name must match. */
export function globMatch(pattern: string, name: string): boolean {
  const tokens = globTokens(pattern);
  const cps = Array.from(name, (ch) => ch.codePointAt(0) as number);
  // reach[j]: the tokens so far can match the first j characters.
  let reach = cps.map(() => false).concat(false);
  reach[0] = true;
  for (const token of tokens) {
    const next = cps.map(() => false).concat(false);
    for (let j = 0; j <= cps.length; j++) {
      if (token.kind === 'star') {
        next[j] = reach[j] || (j > 0 && next[j - 1] === true && cps[j - 1] !== 0x2f);
        continue;
      }
      if (j === 0 || !reach[j - 1]) continue;
      const cp = cps[j - 1] as number;
      if (token.kind === 'any') next[j] = cp !== 0x2f;
      else if (token.kind === 'char') next[j] = cp === token.cp;
      else next[j] = token.ranges.some(([lo, hi]) => lo <= cp && cp <= hi) !== token.negated;
    }
    reach = next;
  }
  return reach[cps.length] === true;
}

const hasMeta = (path: string) => /[*?[\\]/.test(path);

/** Go's `filepath.Glob`: sorted matches, I/O errors ignored; BadPattern for a malformed one. */
export async function goGlob(pattern: string): Promise<string[]> {
  globTokens(pattern);
  if (!hasMeta(pattern)) {
    try {
      await lstat(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const slash = pattern.lastIndexOf('/');
  let dir = pattern.slice(0, slash + 1);
  const file = pattern.slice(slash + 1);
  dir = dir === '' ? '.' : dir === '/' ? dir : dir.slice(0, -1);
  if (!hasMeta(dir)) return globIn(dir, file);
  if (dir === pattern) throw new BadPattern();
  const matches: string[] = [];
  for (const d of await goGlob(dir)) matches.push(...(await globIn(d, file)));
  return matches;
}

async function globIn(dir: string, pattern: string): Promise<string[]> {
  try {
    if (!(await stat(dir)).isDirectory()) return [];
    const names = (await readdir(dir)).sort(compareBytes);
    return names.filter((n) => globMatch(pattern, n)).map((n) => join(dir, n));
  } catch {
    return [];
  }
}

/**
 * Go compares strings bytewise, which is code point order. UTF-16 code units are in that
 * order too, except surrogates (code points above U+FFFF), which sort below U+E000-U+FFFF:
 * lift them above.
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && x < 0xe000) x += 0x10000;
    if (y >= 0xd800 && y < 0xe000) y += 0x10000;
    return x - y;
  }
  return a.length - b.length;
}
