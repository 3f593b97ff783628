import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Processes scanned between yields to the event loop. */
const BATCH = 32;
/** How long an inode whose owner could not be found (not root) waits before a new search. */
const NEGATIVE_TTL_MS = 60_000;

/**
 * Finds which process holds a socket inode by scanning /proc/<pid>/fd links. Owners are
 * cached per inode, so a steady set of listening sockets costs one scan, not one per scrape.
 */
export class SocketOwners {
  private owners = new Map<string, string>();
  private unresolved = new Map<string, number>();

  constructor(private readonly procfs: string) {}

  /** Owner command names for the given inodes; "" where the owner is not readable. */
  async resolve(inodes: readonly string[], signal: AbortSignal): Promise<Map<string, string>> {
    const now = Date.now();
    const wanted = new Set(
      inodes.filter((i) => !this.owners.has(i) && (this.unresolved.get(i) ?? 0) <= now),
    );
    if (wanted.size > 0) await this.scan(wanted, signal);
    for (const i of wanted) this.unresolved.set(i, now + NEGATIVE_TTL_MS);
    const result = new Map<string, string>();
    const keep = new Map<string, string>();
    for (const inode of inodes) {
      const owner = this.owners.get(inode);
      if (owner !== undefined) keep.set(inode, owner);
      result.set(inode, owner ?? '');
    }
    // Forget sockets that are closed.
    this.owners = keep;
    const open = new Set(inodes);
    for (const i of this.unresolved.keys()) if (!open.has(i)) this.unresolved.delete(i);
    return result;
  }

  private async scan(wanted: Set<string>, signal: AbortSignal): Promise<void> {
    const pids = readdirSync(this.procfs).filter(
      (e) => e.charCodeAt(0) >= 48 && e.charCodeAt(0) <= 57,
    );
    for (let i = 0; i < pids.length && wanted.size > 0; i++) {
      if (i % BATCH === BATCH - 1) {
        await nextTurn();
        signal.throwIfAborted();
      }
      const fdDir = join(this.procfs, pids[i] as string, 'fd');
      let fds: string[];
      try {
        fds = readdirSync(fdDir);
      } catch {
        continue; // exited, or another user's process without root
      }
      for (const fd of fds) {
        let link: string;
        try {
          link = readlinkSync(join(fdDir, fd));
        } catch {
          continue;
        }
        if (!link.startsWith('socket:[')) continue;
        const inode = link.slice(8, -1);
        if (!wanted.has(inode)) continue;
        wanted.delete(inode);
        this.unresolved.delete(inode);
        this.owners.set(inode, commOf(this.procfs, pids[i] as string));
      }
    }
  }
}

function commOf(procfs: string, pid: string): string {
  try {
    return readFileSync(join(procfs, pid, 'comm'), 'utf8').trim();
  } catch {
    return '';
  }
}
