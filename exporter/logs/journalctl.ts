import { type ChildProcess, spawn } from 'node:child_process';
import { LineSplitter } from './lines.js';

/** Entry lines longer than this (JSON, all fields) are cut, so they fail to parse and count as malformed. */
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;
/** How much of journalctl's standard error is kept for the error message. */
const MAX_STDERR = 2048;

/** A running `journalctl --follow --output=json`: its output as blocks of lines, and its end. */
export class Journalctl {
  private readonly child: ChildProcess;
  private stderr = '';
  /** Settles when the process has ended: with the reason if it failed, null for a clean end. */
  readonly ended: Promise<Error | null>;
  private stopping = false;

  constructor(command: string, args: readonly string[], onLines: (text: string) => void) {
    this.child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own output is JSON; keep messages of its own short and in English.
      env: { ...process.env, LC_ALL: 'C', SYSTEMD_COLORS: '0', SYSTEMD_PAGER: '' },
    });
    const splitter = new LineSplitter(MAX_ENTRY_BYTES);
    this.child.stdout?.on('data', (chunk: Buffer) => splitter.push(chunk, onLines));
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-MAX_STDERR);
    });
    this.ended = new Promise((resolve) => {
      this.child.once('error', (err) => resolve(this.stopping ? null : err));
      this.child.once('close', (code, signal) => {
        if (this.stopping || code === 0) return resolve(null);
        const why = this.stderr.trim().split('\n').pop() || 'no message';
        resolve(new Error(`${command} exited (${signal ?? `code ${code}`}): ${why}`));
      });
    });
  }

  /** End the process; lines already handed on stay counted. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.ended;
  }
}

/**
 * The cursor of the first entry at or after `cursor` in the whole journal (no filters), or
 * undefined when there is none.
 */
export function firstCursorFrom(
  command: string,
  location: readonly string[],
  cursor: string,
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let found: string | undefined;
    let done = false;
    const reader = new Journalctl(
      command,
      [
        ...location,
        `--cursor=${cursor}`,
        '--output=json',
        '--output-fields=__CURSOR',
        '--no-pager',
      ],
      (text) => {
        if (done) return;
        done = true;
        const end = text.indexOf('\n');
        const line = end < 0 ? text : text.slice(0, end);
        try {
          found = (JSON.parse(line) as { __CURSOR?: string }).__CURSOR;
        } catch {
          found = undefined;
        }
        void reader.stop();
      },
    );
    reader.ended.then((err) => (err && !done ? reject(err) : resolve(found)));
  });
}
