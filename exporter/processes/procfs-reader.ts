import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isAbsent } from '../core/collector.js';
import { parsePasswd } from '../parsers/passwd.js';
import { PF_KTHREAD, type PidStat, parsePidStat } from '../parsers/pid-stat.js';
import {
  type PidStatus,
  parseMaxOpenFiles,
  parsePidIo,
  parsePidStatus,
} from '../parsers/pid-status.js';
import type { ProcessSample } from './group-tracker.js';
import type { Grouper, ProcessIdentity } from './grouping.js';

const USER_HZ = 100;
/**
 * Processes read between yields to the event loop. At about 40 µs per process this keeps
 * each synchronous stretch near 3 ms, so health checks and other scrapes stay responsive
 * even with thousands of processes.
 */
const BATCH = 64;

export interface ReadOutcome {
  readonly samples: ProcessSample[];
  /** Processes that exited between the directory listing and the read. */
  readonly vanished: number;
  /** Processes whose fd or io files could not be read (another user's, without root). */
  readonly permission: number;
}

function isGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ESRCH';
}

function optional<T>(read: () => T): T | undefined | 'denied' {
  try {
    return read();
  } catch (err) {
    if (isGone(err) || isAbsent(err)) return undefined;
    if (
      (err as NodeJS.ErrnoException).code === 'EACCES' ||
      (err as NodeJS.ErrnoException).code === 'EPERM'
    )
      return 'denied';
    throw err;
  }
}

interface Cached {
  readonly group: string | null;
  readonly maxFds?: number;
}

/**
 * Reads /proc/<pid>/{stat,status,io,fd,limits}, and exe and cmdline only when grouping
 * needs them. What never changes for a process (its group, its fd limit) is cached by pid
 * and start time, so a steady scrape costs four reads per process.
 */
export class ProcfsProcessReader {
  private cache = new Map<string, Cached>();
  private grouper: Grouper | null = null;
  private users: { mtimeMs: number; map: Map<number, string> } | null = null;

  constructor(
    private readonly procfs: string,
    private readonly rootfs: string,
  ) {}

  async read(grouper: Grouper, signal: AbortSignal): Promise<ReadOutcome> {
    if (grouper !== this.grouper) {
      this.grouper = grouper;
      this.cache = new Map();
    }
    const bootTime = this.bootTime();
    const pids = readdirSync(this.procfs).filter(
      (e) => e.charCodeAt(0) >= 48 && e.charCodeAt(0) <= 57,
    );
    const samples: ProcessSample[] = [];
    const seen = new Map<string, Cached>();
    let vanished = 0;
    let permission = 0;
    for (let i = 0; i < pids.length; i++) {
      if (i % BATCH === BATCH - 1) {
        await new Promise((resolve) => setImmediate(resolve));
        signal.throwIfAborted();
      }
      const dir = join(this.procfs, pids[i] as string);
      let stat: PidStat;
      let status: PidStatus;
      try {
        stat = parsePidStat(readFileSync(join(dir, 'stat'), 'latin1'));
        status = parsePidStatus(readFileSync(join(dir, 'status'), 'latin1'));
      } catch (err) {
        if (isGone(err)) {
          vanished++;
          continue;
        }
        throw new Error(`${dir}: ${(err as Error).message}`);
      }
      const key = `${stat.pid}:${stat.starttime}`;
      let cached = this.cache.get(key);
      if (!cached) {
        const group = grouper.groupOf(this.identity(dir, stat, status, grouper));
        const limits = optional(() => readFileSync(join(dir, 'limits'), 'latin1'));
        cached = {
          group,
          maxFds: typeof limits === 'string' ? parseMaxOpenFiles(limits) : undefined,
        };
      }
      seen.set(key, cached);
      if (cached.group === null) continue;

      const io = optional(() => parsePidIo(readFileSync(join(dir, 'io'), 'latin1')));
      const fds = optional(() => readdirSync(join(dir, 'fd')).length);
      if (io === 'denied' || fds === 'denied') permission++;
      const ioOk = io !== 'denied' ? io : undefined;
      samples.push({
        key,
        group: cached.group,
        state: stat.state,
        counters: {
          userSeconds: stat.utime / USER_HZ,
          systemSeconds: stat.stime / USER_HZ,
          majorFaults: stat.majflt,
          readBytes: ioOk?.readBytes ?? 0,
          writeBytes: ioOk?.writeBytes ?? 0,
          voluntaryCtxt: status.voluntaryCtxtSwitches,
          nonvoluntaryCtxt: status.nonvoluntaryCtxtSwitches,
        },
        residentBytes: status.vmRssBytes,
        virtualBytes: status.vmSizeBytes,
        swappedBytes: status.vmSwapBytes,
        threads: stat.numThreads,
        startTime: bootTime + stat.starttime / USER_HZ,
        openFds: typeof fds === 'number' ? fds : undefined,
        maxFds: cached.maxFds,
      });
    }
    // Forget processes that are gone, so the cache stays the size of the process table.
    this.cache = seen;
    return { samples, vanished, permission };
  }

  private identity(
    dir: string,
    stat: PidStat,
    status: PidStatus,
    grouper: Grouper,
  ): ProcessIdentity {
    let exe = '';
    let cmdline: string[] = [];
    if (grouper.needsCommandLine) {
      const link = optional(() => readlinkSync(join(dir, 'exe')));
      exe = typeof link === 'string' ? link.replace(/ \(deleted\)$/, '') : '';
      const raw = optional(() => readFileSync(join(dir, 'cmdline'), 'utf8'));
      cmdline =
        typeof raw === 'string'
          ? raw.split('\0').filter((a, i, all) => a !== '' || i < all.length - 1)
          : [];
    }
    return {
      comm: stat.comm,
      exe,
      cmdline,
      username: grouper.needsUsername ? this.username(status.uid) : '',
      kernelThread: (stat.flags & PF_KTHREAD) !== 0,
    };
  }

  private username(uid: number): string {
    const file = join(this.rootfs, 'etc/passwd');
    try {
      const { mtimeMs } = statSync(file);
      if (!this.users || this.users.mtimeMs !== mtimeMs) {
        this.users = { mtimeMs, map: parsePasswd(readFileSync(file, 'utf8')) };
      }
    } catch {
      this.users = { mtimeMs: 0, map: new Map() };
    }
    return this.users.map.get(uid) ?? String(uid);
  }

  private bootTime(): number {
    const match = /^btime (\d+)$/m.exec(readFileSync(join(this.procfs, 'stat'), 'latin1'));
    return Number(match?.[1] ?? 0);
  }
}
