import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { LineSplitter, type LinesHandler } from './lines.js';
import type { Position } from './positions.js';

/**
 * Read and decode size. A larger string goes to V8's large-object space, where decoding it
 * was four times slower at 256 KB; a larger read is decoded in pieces of this size.
 */
const CHUNK = 64 * 1024;
/**
 * Read size for a backlog. Each read is a round trip through libuv's thread pool, during which
 * the main thread can run out of lines to match: a 2,000,000-line file took about a quarter
 * less CPU time, and half the time, in 1 MB reads than in 64 KB ones (docs/benchmarks.md).
 * One file at a time reads this way, so the buffers add at most 2 MB however many files catch
 * up at once.
 */
const BACKLOG_READ = 1024 * 1024;
/** Bytes matched between two turns of the event loop, so that scrapes are not held up. */
const MATCH_TURN = 256 * 1024;
const FINGERPRINT_BYTES = 64;
/** How long a replaced or deleted file stays open for late writes before it is closed. */
const DRAIN_GRACE_MS = 5_000;
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

export interface TailEvents {
  /** `count` complete lines, joined by newlines. */
  lines: LinesHandler;

  bytes(n: number): void;
  rotation(): void;
  truncation(): void;
  /**
   * The unread rest of a rotated file is lost, in part or whole: no rotated copy was found
   * after a restart (`copy` unset), or the copy failed part way (`error`).
   */
  rotatedRestLost(detail: RotatedRest): void;
}

/** The rotated copy that was read, and the error that stopped it before its end. */
export interface RotatedRest {
  copy?: string;
  error?: Error;
}

/** How reading one candidate ended: not the rotated copy, read to its end, or failed. */
type CopyOutcome = 'other' | 'read' | Error;

interface OpenFile {
  handle: FileHandle;
  dev: number;
  ino: number;
  offset: number;
  fingerprint: string;
  splitter: LineSplitter;
  lastGrowth: number;
}

type BufferPair = [Buffer, Buffer];

/** Read buffer pairs of CHUNK bytes, kept for reuse: every followed file is read every poll. */
const spareBuffers: BufferPair[] = [];
/** Whether a file is reading its backlog in BACKLOG_READ reads. */
let backlogReading = false;

function takeBuffers(): BufferPair {
  return spareBuffers.pop() ?? [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
}

function giveBuffers(pair: BufferPair): void {
  if (pair[0].length === CHUNK && spareBuffers.length < 4) spareBuffers.push(pair);
}

async function isGzip(handle: FileHandle): Promise<boolean> {
  const buf = Buffer.alloc(GZIP_MAGIC.length);
  const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
  return bytesRead === buf.length && buf.equals(GZIP_MAGIC);
}

/** The decompressed bytes of a gzip file, as they are inflated. */
async function* gunzipped(handle: FileHandle): AsyncGenerator<Buffer> {
  const input = handle.createReadStream({ start: 0, highWaterMark: CHUNK, autoClose: false });
  const gunzip = createGunzip({ chunkSize: CHUNK });
  input.on('error', (err) => gunzip.destroy(err));
  try {
    yield* input.pipe(gunzip);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
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
 *   sibling that starts with the same bytes, plain or gzip-compressed) is read from the old
 *   offset to its end, which recovers lines written just before the truncation;
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
        const rest = await this.readRotatedCopy(
          saved,
          (s) => s.ino === saved.ino && s.dev === saved.dev,
        );
        if (!rest || rest.error) this.events.rotatedRestLost(rest ?? {});
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
      const rest = await this.readRotatedCopy(before, (s) => s.ino !== cur.ino);
      if (rest?.error) this.events.rotatedRestLost(rest);
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
   * so the disk and the matching overlap. A read that fills its buffer shows a backlog, which
   * is read on in larger reads when no other file is doing so.
   */
  private async readToEnd(f: OpenFile, now: number): Promise<void> {
    let buffers = takeBuffers();
    let which: 0 | 1 = 0;
    // Where the next read starts; f.offset follows the bytes matched, which is what a saved
    // position must name while a large read is matched over several turns.
    let readAt = f.offset;
    let next = f.handle.read(buffers[0], 0, CHUNK, readAt);
    try {
      for (;;) {
        const { bytesRead } = await next;
        if (bytesRead === 0) return;
        const buf = buffers[which];
        readAt += bytesRead;
        f.lastGrowth = now;
        let small: BufferPair | undefined;
        if (bytesRead === CHUNK && buffers[0].length === CHUNK && !backlogReading) {
          backlogReading = true;
          small = buffers;
          buffers = [Buffer.allocUnsafe(BACKLOG_READ), Buffer.allocUnsafe(BACKLOG_READ)];
          which = 0;
        } else {
          which = which === 0 ? 1 : 0;
        }
        const target = buffers[which];
        next = f.handle.read(target, 0, target.length, readAt);
        this.events.bytes(bytesRead);
        for (let at = 0; at < bytesRead; at += CHUNK) {
          if (at > 0 && at % MATCH_TURN === 0) await nextTurn();
          const end = Math.min(bytesRead, at + CHUNK);
          f.splitter.push(buf.subarray(at, end), this.events.lines);
          f.offset += end - at;
        }
        if (small) giveBuffers(small);
      }
    } finally {
      // Never give back a buffer that a read is still filling.
      await next.catch(() => {});
      if (buffers[0].length === BACKLOG_READ) backlogReading = false;
      giveBuffers(buffers);
    }
  }

  /**
   * Read, from `from.offset` to its end, the sibling file that is the rotated copy of the
   * file described by `from`: same first bytes, at least as long, and, for a plain copy,
   * accepted by `which`. A gzip copy has an inode of its own, so only its content can tell.
   * Returns the copy found, if any.
   */
  private async readRotatedCopy(
    from: Position,
    which: (s: { ino: number; dev: number }) => boolean,
  ): Promise<RotatedRest | undefined> {
    for (const copy of await this.rotationCandidates()) {
      let handle: FileHandle | undefined;
      try {
        handle = await open(copy, 'r');
        const st = await handle.stat();
        if (!st.isFile()) continue;
        const outcome =
          copy.endsWith('.gz') && (await isGzip(handle))
            ? await this.readGzipCopy(handle, from)
            : await this.readPlainCopy(handle, st, from, which);
        if (outcome === 'read') return { copy };
        if (outcome instanceof Error) return { copy, error: outcome };
      } catch {
        // Unreadable or gone: try the next candidate.
      } finally {
        await handle?.close().catch(() => {});
      }
    }
    return undefined;
  }

  /**
   * Siblings whose names extend this one's, plain before `.gz`: while logrotate compresses,
   * both exist and only the plain one is complete.
   */
  private async rotationCandidates(): Promise<string[]> {
    const dir = dirname(this.path);
    const base = basename(this.path);
    const stem = base.replace(/\.log$/, '');
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return [];
    }
    return names
      .filter((n) => n !== base && n.startsWith(stem))
      .sort((a, b) => Number(a.endsWith('.gz')) - Number(b.endsWith('.gz')))
      .map((n) => join(dir, n));
  }

  private async readPlainCopy(
    handle: FileHandle,
    st: { ino: number; dev: number; size: number },
    from: Position,
    which: (s: { ino: number; dev: number }) => boolean,
  ): Promise<CopyOutcome> {
    if (st.size < from.offset || !which(st)) return 'other';
    if (!samePrefix(from.fingerprint, await fingerprintOf(handle))) return 'other';
    const copy: OpenFile = {
      handle,
      dev: st.dev,
      ino: st.ino,
      offset: from.offset,
      fingerprint: from.fingerprint,
      splitter: new LineSplitter(this.maxLineBytes),
      lastGrowth: Date.now(),
    };
    try {
      await this.readToEnd(copy, Date.now());
      return 'read';
    } catch (err) {
      return err as Error;
    }
  }

  /**
   * Inflate a gzip copy as a stream. Until its first bytes are known to match, the inflated
   * chunks are held back; once they match, everything past `from.offset` is split into lines.
   * A stream that ends before the offset is not the copy; one that fails after matching
   * keeps the lines inflated before the failure.
   */
  private async readGzipCopy(handle: FileHandle, from: Position): Promise<CopyOutcome> {
    const need = from.fingerprint.length / 2;
    // An empty file's position cannot identify a copy.
    if (need === 0) return 'other';
    const splitter = new LineSplitter(this.maxLineBytes);
    const feed = (chunk: Buffer, at: number) => {
      const rest = chunk.subarray(Math.max(0, from.offset - at));
      if (rest.length === 0) return;
      this.events.bytes(rest.length);
      splitter.push(rest, this.events.lines);
    };
    let held: Buffer[] | null = [];
    let length = 0;
    try {
      for await (const chunk of gunzipped(handle)) {
        const at = length;
        length += chunk.length;
        if (!held) {
          feed(chunk, at);
          continue;
        }
        held.push(chunk);
        if (length < need) continue;
        const head = Buffer.concat(held).subarray(0, need).toString('hex');
        if (!samePrefix(from.fingerprint, head)) return 'other';
        let pos = 0;
        for (const h of held) {
          feed(h, pos);
          pos += h.length;
        }
        held = null;
      }
    } catch (err) {
      return held ? 'other' : (err as Error);
    }
    return !held && length >= from.offset ? 'read' : 'other';
  }
}
