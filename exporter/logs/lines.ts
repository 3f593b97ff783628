const NEWLINE = 0x0a;
const INNER_NEWLINES = /\r?\n/g;

/** A message as one line: newlines inside it (a journal entry's, a container's) become spaces. */
export function oneLine(text: string): string {
  return text.includes('\n') ? text.replace(INNER_NEWLINES, ' ') : text;
}

/** Receives `count` complete lines joined by newlines, without the last newline. */
export type LinesHandler = (text: string, count: number) => void;

/**
 * Hand on the decoded complete lines of a block, cutting any longer than `maxLineBytes`;
 * returns how many were cut.
 */
function emitBlock(text: string, maxLineBytes: number, onLines: LinesHandler): number {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: shorter lines cannot be over the cap.
  const safeChars = Math.floor(maxLineBytes / 3);
  let truncated = 0;
  let blockStart = 0;
  let count = 0;
  let from = 0;
  for (;;) {
    let end = text.indexOf('\n', from);
    if (end < 0) end = text.length;
    if (end - from > safeChars) {
      const line = text.slice(from, end);
      if (Buffer.byteLength(line) > maxLineBytes) {
        if (count > 0) onLines(text.slice(blockStart, from - 1), count);
        truncated++;
        onLines(Buffer.from(line).subarray(0, maxLineBytes).toString('utf8'), 1);
        blockStart = end + 1;
        count = -1;
      }
    }
    count++;
    if (end === text.length) break;
    from = end + 1;
  }
  if (count > 0) onLines(blockStart === 0 ? text : text.slice(blockStart), count);
  return truncated;
}

/**
 * Splits a byte stream into complete lines. A line counts only once its newline has arrived;
 * the unfinished tail waits for the next chunk, as bytes, so a multi-byte character split
 * across reads decodes whole. A line longer than `maxLineBytes` is cut: its first
 * `maxLineBytes` are kept for matching and the rest is dropped, never buffered.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overlong = false;
  /** Lines that were cut at maxLineBytes. */
  truncatedLines = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** Bytes of an unfinished last line held back. */
  get pendingLength(): number {
    return this.pendingBytes;
  }

  /**
   * Feed bytes. Complete lines are handed on in blocks: `onLines(text, count)` gets `count`
   * lines joined by newlines, without the last newline. Matching a block at once is several
   * times faster than a call per line.
   */
  push(chunk: Buffer, onLines: LinesHandler): void {
    let start = 0;
    if (this.pendingBytes > 0 || this.overlong) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) {
        this.append(chunk);
        return;
      }
      this.append(chunk.subarray(0, nl));
      const line = Buffer.concat(this.pending, this.pendingBytes).toString('utf8');
      this.pending = [];
      this.pendingBytes = 0;
      if (this.overlong) this.truncatedLines++;
      this.overlong = false;
      onLines(line, 1);
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start)
      this.truncatedLines += emitBlock(
        chunk.toString('utf8', start, last),
        this.maxLineBytes,
        onLines,
      );
    const tail = Math.max(start, last + 1);
    if (tail < chunk.length) this.append(chunk.subarray(tail));
  }

  /** Forget an unfinished line (the file was truncated or replaced under it). */
  reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.overlong = false;
  }

  private append(bytes: Buffer): void {
    const room = this.maxLineBytes - this.pendingBytes;
    if (bytes.length > room) {
      this.overlong = true;
      if (room > 0) {
        this.pending.push(Buffer.from(bytes.subarray(0, room)));
        this.pendingBytes += room;
      }
      return;
    }
    // Copy: the read buffer is reused for the next read.
    this.pending.push(Buffer.from(bytes));
    this.pendingBytes += bytes.length;
  }
}
