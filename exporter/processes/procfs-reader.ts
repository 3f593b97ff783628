import { readdirSync, readFileSync, readlinkSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
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

/**
 * Since Linux 6.2, stat() of /proc/<pid>/fd reports the number of open descriptors as its
 * size, one syscall instead of listing the directory; older kernels report 0, so list then.
 */
function countFds(fdDir: string, realProcfs: boolean): number {
  const size = realProcfs ? statSync(fdDir).size : 0;
  return size > 0 ? size : readdirSync(fdDir).length;
}

const PROC_SUPER_MAGIC = 0x9fa0;

const KERNEL_THREAD_STATUS: PidStatus = {
  uid: 0,
  vmRssBytes: 0,
  vmSizeBytes: 0,
  vmSwapBytes: 0,
  voluntaryCtxtSwitches: 0,
  nonvoluntaryCtxtSwitches: 0,
};

function isRealProcfs(path: string): boolean {
  try {
    return statfsSync(path).type === PROC_SUPER_MAGIC;
  } catch {
    return false;
  }
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
  private btime: number | undefined;
  /** Fixture trees are plain directories, where a directory's size is not a count. */
  private readonly realProcfs: boolean;

  constructor(
    private readonly procfs: string,
    private readonly rootfs: string,
  ) {
    this.realProcfs = isRealProcfs(procfs);
  }

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
        await nextTurn();
        signal.throwIfAborted();
      }
      const dir = `${this.procfs}/${pids[i]}`;
      let stat: PidStat;
      let status: PidStatus | undefined;
      const readStatus = (): PidStatus => {
        status ??= parsePidStatus(readFileSync(`${dir}/status`, 'utf8'));
        return status;
      };
      // Kernel threads have no memory, files or I/O of their own: stat is all they need.
      let kernelThread: boolean;
      let cached: Cached | undefined;
      let key: string;
      try {
        stat = parsePidStat(readFileSync(`${dir}/stat`, 'utf8'));
        kernelThread = (stat.flags & PF_KTHREAD) !== 0;
        key = `${stat.pid}:${stat.starttime}`;
        cached = this.cache.get(key);
        if (!cached) {
          const group = grouper.groupOf(
            this.identity(dir, stat, readStatus, kernelThread, grouper),
          );
          const limits = kernelThread
            ? undefined
            : optional(() => readFileSync(`${dir}/limits`, 'utf8'));
          cached = {
            group,
            maxFds: typeof limits === 'string' ? parseMaxOpenFiles(limits) : undefined,
          };
        }
        seen.set(key, cached);
        if (cached.group === null) continue;
        if (!kernelThread) readStatus();
      } catch (err) {
        if (isGone(err)) {
          vanished++;
          continue;
        }
        throw new Error(`${dir}: ${(err as Error).message}`);
      }
      const io = kernelThread
        ? undefined
        : optional(() => parsePidIo(readFileSync(`${dir}/io`, 'utf8')));
      const fds = kernelThread ? undefined : optional(() => countFds(`${dir}/fd`, this.realProcfs));
      if (io === 'denied' || fds === 'denied') permission++;
      const ioOk = io !== 'denied' ? io : undefined;
      const st = status ?? KERNEL_THREAD_STATUS;
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
          voluntaryCtxt: st.voluntaryCtxtSwitches,
          nonvoluntaryCtxt: st.nonvoluntaryCtxtSwitches,
        },
        residentBytes: st.vmRssBytes,
        virtualBytes: st.vmSizeBytes,
        swappedBytes: st.vmSwapBytes,
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
    status: () => PidStatus,
    kernelThread: boolean,
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
      username: grouper.needsUsername ? this.username(status().uid) : '',
      kernelThread,
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

  /** Boot time never changes while the host runs: read it once. */
  private bootTime(): number {
    if (this.btime === undefined) {
      const match = /^btime (\d+)$/m.exec(readFileSync(`${this.procfs}/stat`, 'utf8'));
      this.btime = Number(match?.[1] ?? 0);
    }
    return this.btime;
  }
}
