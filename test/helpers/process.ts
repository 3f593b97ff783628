import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MAIN = fileURLToPath(new URL('../../dist/exporter/main.js', import.meta.url));

/** The V8 flags of the entry point's shebang (`#!/usr/bin/env -S node <flags>`). */
export const V8_FLAGS: string[] = (
  readFileSync(new URL('../../exporter/main.ts', import.meta.url), 'utf8').split('\n')[0] ?? ''
)
  .replace(/^#!\S*env -S node\s*/, '')
  .split(/\s+/)
  .filter(Boolean);

export interface RunningVigil {
  child: ChildProcess;
  url: string;
  /** Everything written to stderr so far. */
  log(): string;
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Run the built CLI to completion (for flags and config errors). */
export function runVigil(
  args: string[],
  timeoutMs = 15_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(MAIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`vigil ${args.join(' ')} did not exit; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Start the built CLI on a free loopback port and wait until it listens. */
export function startVigil(
  args: string[],
  host = '127.0.0.1',
  /** A command to run vigil under, such as setpriv with its options. */
  wrapper: string[] = [],
): Promise<RunningVigil> {
  const [command, ...rest] = [...wrapper, MAIN, `--web.listen-address=${host}:0`, ...args] as [
    string,
    ...string[],
  ];
  const child = spawn(command, rest, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const waitForLog = (pattern: RegExp, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (pattern.test(stderr)) {
          clearInterval(poll);
          resolve();
        } else if (Date.now() - started > timeoutMs || child.exitCode !== null) {
          clearInterval(poll);
          reject(new Error(`no log line matching ${pattern}; stderr:\n${stderr}`));
        }
      }, 20);
    });
  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', (code) => {
        clearTimeout(kill);
        resolve(code);
      });
      child.kill(signal);
    });
  const listening = /msg=listening address=(\S+)|"msg":"listening","address":"([^"]+)"/;
  return waitForLog(listening).then(() => {
    const match = listening.exec(stderr);
    const address = (match?.[1] ?? match?.[2]) as string;
    return { child, url: `http://${address}`, log: () => stderr, waitForLog, stop };
  });
}
