import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LineSplitter, type LinesHandler } from './lines.js';
import type { Position } from './positions.js';

/**
 * Read size. A larger chunk saves thread-pool round trips but decodes into a string that V8
 * keeps in its large-object space, which made decoding four times slower at 256 KB.
 */
const CHUNK = 64 * 1024;
const FINGERPRINT_BYTES = 64;
/** How long a replaced or deleted file stays open for late writes before it is closed. */
const DRAIN_GRACE_MS = 5_000;

export interface TailEvents {
  /** `count` complete lines, joined by newlines. */
  lines: LinesHandler;

  bytes(n: number): void;
  rotation(): void;
  truncation(): void;
}

interface OpenFile {
  handle: FileHandle;
  dev: number;
  ino: number;
  offset: number;
  fingerprint: string;
  splitter: LineSplitter;
  lastGrowth: number;
}

/** Read buffer pairs, kept for reuse: every followed file is read every poll. */
const spareBuffers: Array<[Buffer, Buffer]> = [];

function takeBuffers(): [Buffer, Buffer] {
  return spareBuffers.pop() ?? [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
}

function giveBuffers(pair: [Buffer, Buffer]): void {
  if (spareBuffers.length < 4) spareBuffers.push(pair);
}

async function fingerprintOf(handle: FileHandle): Promise<string> {
  const buf = Buffer.alloc(FINGERPRINT_BYTES);
  const { bytesRead } = await handle.read(buf, 0, FINGERPRINT_BYTES, 0);
  return buf.subarray(0, bytesRead).toString('hex');
}

/** A saved fingerprint matches when the file still starts with those bytes. */
function samePrefix(saved: string, current: string): boolean {
  return (
    current.startsWith(saved) || (saved.startsWith(current) && current.length === saved.length)
  );
}

/**
 * Follows one path across rotations so that every line written is counted exactly once:
 *
 * - rename and create: the old file stays open and is drained, including lines written to it
 *   after the rename, until it has been quiet for a few seconds; the new file is read from 0;
 * - copytruncate and truncation in place: before starting again at 0, the rotated copy (a
 *   sibling that starts with the same bytes) is read from the old offset to its end, which
 *   recovers lines written just before the truncation;
 * - deletion and re-creation: as rename and create.
 */
export class TailedFile {
  private current: OpenFile | null = null;
  private draining: OpenFile[] = [];
  private running: Promise<void> | null = null;
  private opening: Promise<void> | null = null;
  private again = false;

  constructor(
    readonly path: string,
    private readonly maxLineBytes: number,
    private readonly events: TailEvents,
  ) {}

  /** Bytes written to the file that have not been read yet. */
  lagBytes = 0;

  get truncatedLines(): number {
    return (
      (this.current?.splitter.truncatedLines ?? 0) +
      this.draining.reduce((n, d) => n + d.splitter.truncatedLines, 0)
    );
  }

  /** Where to resume after a restart: the end of the last complete line read. */
  position(): Position | undefined {
    const c = this.current;
    if (!c) return undefined;
    return {
      dev: c.dev,
      ino: c.ino,
      offset: c.offset - c.splitter.pendingLength,
      fingerprint: c.fingerprint,
    };
  }

  /**
   * Open the file for the first time. With a saved position for the same file, continue
   * there (reading the rotated remainder first if the file was replaced while vigil was
   * stopped); otherwise start at the end or the beginning.
   */
  start(saved: Position | undefined, startAtEnd: boolean): Promise<void> {
    // Polls wait for this: one that ran first would open the file at offset 0.
    this.opening = this.open(saved, startAtEnd);
    return this.opening;
  }

  private async open(saved: Position | undefined, startAtEnd: boolean): Promise<void> {
    const handle = await open(this.path, 'r');
    const st = await handle.stat();
    const fingerprint = await fingerprintOf(handle);
    let offset = startAtEnd ? st.size : 0;
    if (saved) {
      if (
        saved.ino === st.ino &&
        saved.dev === st.dev &&
        samePrefix(saved.fingerprint, fingerprint) &&
        saved.offset <= st.size
      ) {
        offset = saved.offset;
      } else {
        // Replaced while stopped: finish the old file if it is still beside this one.
        await this.readRotatedCopy(saved, (s) => s.ino === saved.ino && s.dev === saved.dev);
        offset = 0;
        this.events.rotation();
      }
    }
    this.current = {
      handle,
      dev: st.dev,
      ino: st.ino,
      offset,
      fingerprint,
      splitter: new LineSplitter(this.maxLineBytes),
      lastGrowth: Date.now(),
    };
  }

  /** Read whatever is new; concurrent calls collapse into one more pass. */
  poll(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      await this.opening;
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async close(): Promise<void> {
    await this.running?.catch(() => {});
    for (const f of [this.current, ...this.draining]) await f?.handle.close().catch(() => {});
    this.current = null;
    this.draining = [];
  }

  private async pass(): Promise<void> {
    const now = Date.now();
    // Old files first: their lines were written before the new file's.
    for (const d of this.draining) await this.readToEnd(d, now);
    const stale = this.draining.filter((d) => now - d.lastGrowth > DRAIN_GRACE_MS);
    for (const d of stale) await d.handle.close().catch(() => {});
    this.draining = this.draining.filter((d) => !stale.includes(d));

    let st: Awaited<ReturnType<typeof stat>> | null = null;
    try {
      st = await stat(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const c = this.current;
    if (c && (!st || st.ino !== c.ino || st.dev !== c.dev)) {
      // Renamed away or deleted: drain it, and keep it open for late writes.
      await this.readToEnd(c, now);
      this.draining.push(c);
      this.current = null;
      if (st) this.events.rotation();
    }
    if (!st) {
      this.lagBytes = 0;
      return;
    }
    if (!this.current) {
      const handle = await open(this.path, 'r');
      const hs = await handle.stat();
      this.current = {
        handle,
        dev: hs.dev,
        ino: hs.ino,
        offset: 0,
        fingerprint: await fingerprintOf(handle),
        splitter: new LineSplitter(this.maxLineBytes),
        lastGrowth: now,
      };
    }
    const cur = this.current;
    const size = (await cur.handle.stat()).size;
    // A file truncated and written past the old offset between two passes shows only as
    // different first bytes.
    const rewritten =
      cur.offset > 0 &&
      cur.fingerprint.length === FINGERPRINT_BYTES * 2 &&
      !samePrefix(cur.fingerprint, await fingerprintOf(cur.handle));
    if (size < cur.offset || rewritten) {
      // Truncated: first recover the tail from the rotated copy, if there is one.
      const before: Position = {
        dev: cur.dev,
        ino: cur.ino,
        offset: cur.offset - cur.splitter.pendingLength,
        fingerprint: cur.fingerprint,
      };
      await this.readRotatedCopy(before, (s) => s.ino !== cur.ino);
      cur.offset = 0;
      cur.splitter.reset();
      cur.fingerprint = await fingerprintOf(cur.handle);
      this.events.truncation();
    }
    if (cur.fingerprint.length < FINGERPRINT_BYTES * 2)
      cur.fingerprint = await fingerprintOf(cur.handle);
    if (size > cur.offset) await this.readToEnd(cur, now);
    this.lagBytes = Math.max(0, (await cur.handle.stat()).size - cur.offset);
  }

  /**
   * Read to the end of the file. The next chunk is read while the current one is matched,
   * so the disk and the matching overlap.
   */
  private async readToEnd(f: OpenFile, now: number): Promise<void> {
    const buffers = takeBuffers();
    let which: 0 | 1 = 0;
    let next = f.handle.read(buffers[0], 0, CHUNK, f.offset);
    try {
      for (;;) {
        const { bytesRead } = await next;
        if (bytesRead === 0) return;
        const buf = buffers[which];
        f.offset += bytesRead;
        f.lastGrowth = now;
        which = which === 0 ? 1 : 0;
        next = f.handle.read(buffers[which], 0, CHUNK, f.offset);
        this.events.bytes(bytesRead);
        f.splitter.push(buf.subarray(0, bytesRead), this.events.lines);
      }
    } finally {
      // Never give back a buffer that a read is still filling.
      await next.catch(() => {});
      giveBuffers(buffers);
    }
  }

  /**
   * Read, from `from.offset` to its end, the sibling file that is the rotated copy of the
   * file described by `from`: same first bytes, at least as long, and accepted by `which`.
   */
  private async readRotatedCopy(
    from: Position,
    which: (s: { ino: number; dev: number }) => boolean,
  ): Promise<void> {
    const dir = dirname(this.path);
    const base = basename(this.path);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const name of names.filter(
      (n) => n !== base && n.startsWith(base.replace(/\.log$/, '')),
    )) {
      const candidate = join(dir, name);
      let handle: FileHandle | undefined;
      try {
        handle = await open(candidate, 'r');
        const st = await handle.stat();
        if (!st.isFile() || st.size < from.offset || !which(st)) continue;
        if (!samePrefix(from.fingerprint, await fingerprintOf(handle))) continue;
        const copy: OpenFile = {
          handle,
          dev: st.dev,
          ino: st.ino,
          offset: from.offset,
          fingerprint: from.fingerprint,
          splitter: new LineSplitter(this.maxLineBytes),
          lastGrowth: Date.now(),
        };
        await this.readToEnd(copy, Date.now());
        return;
      } catch {
        // Unreadable or gone: try the next candidate.
      } finally {
        await handle?.close().catch(() => {});
      }
    }
  }
}
