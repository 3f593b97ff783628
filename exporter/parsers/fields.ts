import { ParseError } from './parse-error.js';

/** Parse a decimal field, naming the field and line when it is not a number. */
export function num(text: string | undefined, what: string, line?: number): number {
  if (text === undefined || text === '') throw new ParseError(`missing ${what}`, line);
  const value = Number(text);
  if (Number.isNaN(value)) throw new ParseError(`${what}: expected a number, got "${text}"`, line);
  return value;
}

/** Lines with their 1-based numbers, skipping blank ones. */
export function* numberedLines(text: string): Generator<[line: string, lineNo: number]> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() !== '') yield [line, i + 1];
  }
}
