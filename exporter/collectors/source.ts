import { readFile } from 'node:fs/promises';
import { isAbsent } from '../core/collector.js';
import { ParseError } from '../parsers/parse-error.js';

/** Read a whole pseudo-file as text. */
export function readText(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

/** Read a file that may not exist on this kernel or platform; null when absent. */
export async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (isAbsent(err)) return null;
    throw err;
  }
}

/** Run a pure parser on a file's text, naming the file in any parse error. */
export function parseSource<T>(path: string, text: string, parse: (text: string) => T): T {
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof ParseError) throw new Error(`${path}: ${err.message}`);
    throw err;
  }
}

/** An include/exclude pair of regular expressions; an empty source means "not set". */
export function deviceFilter(include: string, exclude: string): (name: string) => boolean {
  const inc = include ? new RegExp(include) : null;
  const exc = exclude ? new RegExp(exclude) : null;
  return (name) => (inc ? inc.test(name) : true) && !(exc?.test(name) ?? false);
}
