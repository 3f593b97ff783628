import { ParseError } from './parse-error.js';

/* The line cursor of the text exposition format's parser (exposition-text.ts). */

const NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const letter = /[a-zA-Z_]/.test(ch);
  const digit = /[0-9]/.test(ch);
  NAME[c] =
    (letter ? 1 : 0) |
    (letter || digit ? 2 : 0) |
    (letter || ch === ':' ? 4 : 0) |
    (letter || digit || ch === ':' ? 8 : 0);
}
export const LABEL_START = 1;
export const LABEL_REST = 2;
export const METRIC_START = 4;
export const METRIC_REST = 8;
const SPACE = 0x20;
const TAB = 0x09;

export const isBlank = (c: string) => c === ' ' || c === '\t';

/** One line and a position in it; the end of the line reads as '\n', as in Go's byte stream. */
export class Cursor {
  pos = 0;
  constructor(
    readonly text: string,
    readonly line: number,
  ) {}

  ch(): string {
    return this.pos < this.text.length ? (this.text[this.pos] as string) : '\n';
  }

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipBlanks(): void {
    const { text } = this;
    let { pos } = this;
    for (let c = text.charCodeAt(pos); c === SPACE || c === TAB; c = text.charCodeAt(++pos));
    this.pos = pos;
  }

  /** Up to the next blank, tab or end of line. */
  untilBlank(): string {
    const { text } = this;
    const start = this.pos;
    let pos = start;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === SPACE || c === TAB) break;
      pos++;
    }
    this.pos = pos;
    return text.slice(start, pos);
  }

  /** A name: a first character of class `start`, then any of class `rest`; '' if none. */
  take(start: number, rest: number): string {
    const { text } = this;
    const from = this.pos;
    let c = text.charCodeAt(from);
    if (!(c < 128 && (NAME[c] as number) & start)) return '';
    let pos = from + 1;
    for (
      c = text.charCodeAt(pos);
      c < 128 && (NAME[c] as number) & rest;
      c = text.charCodeAt(++pos)
    );
    this.pos = pos;
    return text.slice(from, pos);
  }

  fail(message: string): never {
    throw new ParseError(message, this.line);
  }
}
