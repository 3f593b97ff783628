import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where reading stopped in one file, and how to recognise that file again. */
export interface Position {
  readonly dev: number;
  readonly ino: number;
  /** Byte offset just after the last complete line counted. */
  readonly offset: number;
  /** Hex of the file's first bytes (up to 64), to tell a reused inode from the same file. */
  readonly fingerprint: string;
}

export interface PositionsFile {
  version: 1;
  files: Record<string, Position>;
  /** The cursor of the last journal entry counted, by source name. */
  journals?: Record<string, string>;
}

/**
 * Positions keyed by path, and journal cursors keyed by source, saved atomically (write a
 * temporary file, then rename).
 */
export class PositionStore {
  private positions: Record<string, Position> = {};
  private cursors: Record<string, string> = {};
  private dirty = false;
  /** The last error, so a failing disk is logged once rather than every second. */
  lastError: string | undefined;

  constructor(private readonly file: string) {}

  load(): void {
    if (!this.file) return;
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as PositionsFile;
      if (data.version === 1 && data.files && typeof data.files === 'object')
        this.positions = data.files;
      if (data.version === 1 && data.journals && typeof data.journals === 'object')
        this.cursors = data.journals;
    } catch {
      // No file yet, or unreadable: start without positions.
    }
  }

  get(path: string): Position | undefined {
    return this.positions[path];
  }

  set(path: string, position: Position): void {
    const old = this.positions[path];
    if (
      old &&
      old.offset === position.offset &&
      old.ino === position.ino &&
      old.fingerprint === position.fingerprint
    )
      return;
    this.positions[path] = position;
    this.dirty = true;
  }

  cursor(source: string): string | undefined {
    return this.cursors[source];
  }

  setCursor(source: string, cursor: string): void {
    if (this.cursors[source] === cursor) return;
    this.cursors[source] = cursor;
    this.dirty = true;
  }

  delete(path: string): void {
    if (this.positions[path]) {
      delete this.positions[path];
      this.dirty = true;
    }
  }

  /** Write the positions if they changed; returns the error message on failure. */
  save(): string | undefined {
    if (!this.file || !this.dirty) return undefined;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.tmp`;
      writeFileSync(
        tmp,
        `${JSON.stringify({ version: 1, files: this.positions, journals: this.cursors } satisfies PositionsFile)}\n`,
      );
      renameSync(tmp, this.file);
      this.dirty = false;
      this.lastError = undefined;
      return undefined;
    } catch (err) {
      this.lastError = (err as Error).message;
      return this.lastError;
    }
  }
}
