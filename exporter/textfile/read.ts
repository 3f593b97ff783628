import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import {
  decodeExposition,
  parseExpositionText,
  type TextFamily,
} from '../parsers/exposition-text.js';
import { ParseError } from '../parsers/parse-error.js';

/**
 * The largest textfile read, in bytes. node_exporter has no bound. A textfile holds a batch
 * job's or an inventory script's few series, kilobytes; 16 MiB is some 200,000 series, far
 * past any sensible use, and still a bounded amount of memory and of parsing on the event
 * loop (the file is read whole and parsed at every scrape). What it stops is the runaway
 * writer: a script that appends instead of rewriting, or a log that happens to end in .prom.
 */
export const MAX_TEXTFILE_BYTES = 16 * 1024 * 1024;

/** A file the collector could not use; the message is logged and the file skipped. */
export class FileError extends Error {}

export interface ReadFile {
  readonly families: TextFamily[];
  readonly mtimeSeconds: number;
}

function kindOf(s: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a named pipe';
  if (s.isSocket()) return 'a socket';
  return 'a device';
}

/**
 * Read and parse one textfile. Symbolic links are followed, as node_exporter does, so that
 * files linked in by configuration management work; whatever they lead to must be a regular
 * file: a directory, pipe, socket or device named *.prom is an error (node_exporter reads a
 * directory as an empty file and would block forever on a pipe). The type is checked before
 * opening (opening a device can have effects) and again on the open file, which is what is
 * read.
 */
export async function readTextfile(path: string): Promise<ReadFile> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    const before = await stat(path);
    if (!before.isFile()) throw new FileError(`"${path}" is ${kindOf(before)}, not a regular file`);
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    if (err instanceof FileError) throw err;
    throw new FileError(`failed to open textfile data file "${path}": ${(err as Error).message}`);
  }
  try {
    const info = await handle.stat({ bigint: true });
    if (!info.isFile()) throw new FileError(`"${path}" is ${kindOf(info)}, not a regular file`);
    const tooLarge = () =>
      new FileError(`"${path}" is larger than ${MAX_TEXTFILE_BYTES / 1024 / 1024} MiB`);
    if (info.size > BigInt(MAX_TEXTFILE_BYTES)) throw tooLarge();
    // The file may still grow after the stat: read to its end, or to one byte past the bound.
    let buffer = Buffer.alloc(Math.min(Number(info.size) + 1, MAX_TEXTFILE_BYTES + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > MAX_TEXTFILE_BYTES) throw tooLarge();
        const bigger = Buffer.alloc(Math.min(2 * length, MAX_TEXTFILE_BYTES + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    let families: TextFamily[];
    try {
      families = parseExpositionText(decodeExposition(buffer.subarray(0, length)));
    } catch (err) {
      if (err instanceof ParseError)
        throw new FileError(`failed to parse textfile data from "${path}": ${err.message}`);
      throw err;
    }
    if (families.some((f) => f.metrics.some((m) => m.timestampLine !== undefined)))
      throw new FileError(
        `textfile "${path}" contains unsupported client-side timestamps, skipping entire file`,
      );
    // Go's UnixNano() / 1e9: whole seconds, truncated.
    return { families, mtimeSeconds: Number(info.mtimeNs / 1_000_000_000n) };
  } catch (err) {
    if (err instanceof FileError) throw err;
    throw new FileError(`failed to read textfile "${path}": ${(err as Error).message}`);
  } finally {
    await handle.close().catch(() => {});
  }
}
