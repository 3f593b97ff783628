const NEWLINE = 0x0a;

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

  /** Feed bytes; calls `onLine` for each complete line, without its newline. */
  push(chunk: Buffer, onLine: (line: string) => void): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl < 0) break;
      if (this.pendingBytes === 0 && !this.overlong) {
        // The common case: decode many complete lines at once, then split the string.
        const last = chunk.lastIndexOf(NEWLINE);
        if (last - start <= this.maxLineBytes * 64) {
          const text = chunk.toString('utf8', start, last);
          let from = 0;
          for (;;) {
            const i = text.indexOf('\n', from);
            const line = i < 0 ? text.slice(from) : text.slice(from, i);
            this.emit(line, onLine);
            if (i < 0) break;
            from = i + 1;
          }
          start = last + 1;
          continue;
        }
      }
      this.append(chunk.subarray(start, nl));
      const line = Buffer.concat(this.pending, this.pendingBytes).toString('utf8');
      this.pending = [];
      this.pendingBytes = 0;
      if (this.overlong) this.truncatedLines++;
      this.overlong = false;
      onLine(line);
      start = nl + 1;
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
  }

  /** Forget an unfinished line (the file was truncated or replaced under it). */
  reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.overlong = false;
  }

  private emit(line: string, onLine: (line: string) => void): void {
    if (line.length > this.maxLineBytes && Buffer.byteLength(line) > this.maxLineBytes) {
      this.truncatedLines++;
      onLine(Buffer.from(line).subarray(0, this.maxLineBytes).toString('utf8'));
      return;
    }
    onLine(line);
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
