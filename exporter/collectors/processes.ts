import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { defineCollector, isAbsent } from '../core/collector.js';
import { gauge, single } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { parsePidStat } from '../parsers/pid-stat.js';
import { parseSysUint } from '../parsers/sys-uint.js';
import { parseSource, readText } from './source.js';

/** Files read between yields to the event loop, so a host with many threads stays responsive. */
const BATCH = 64;

const PID = /^\d+$/;

/** A process or thread that exited between the listing and the read: skipped, as node_exporter. */
function isGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ESRCH' || isAbsent(err);
}

/** The numeric entries of a procfs directory (pids, or a process's tids); null when gone. */
function listIds(dir: string): string[] | null {
  try {
    return readdirSync(dir).filter((name) => PID.test(name));
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
}

/** A process's or thread's stat file, parsed; null when it exited meanwhile. */
function readStat(path: string) {
  let text: string;
  try {
    text = readText(path);
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
  return parseSource(path, text, parsePidStat);
}

function countState(counts: Map<string, number>, state: string): void {
  counts.set(state, (counts.get(state) ?? 0) + 1);
}

export const processesCollector = defineCollector({
  name: 'processes',
  defaultEnabled: false,
  nodeExporter: true,
  description:
    'Processes and threads by state, threads allocated, and the kernel limits (/proc/<pid>/stat, /proc/<pid>/task/<tid>/stat).',
  create: ({ paths }) => ({
    async collect(signal) {
      const pids = listIds(paths.procfs);
      if (pids === null) return [];
      let processes = 0;
      let threads = 0;
      const states = new Map<string, number>();
      const threadStates = new Map<string, number>();
      let reads = 0;
      const pace = async () => {
        if (++reads % BATCH !== 0) return;
        await nextTurn();
        signal.throwIfAborted();
      };

      for (const pid of pids) {
        await pace();
        const stat = readStat(join(paths.procfs, pid, 'stat'));
        if (stat === null) continue;
        processes++;
        countState(states, stat.state);
        threads += stat.numThreads;
        const tids = listIds(join(paths.procfs, pid, 'task'));
        for (const tid of tids ?? []) {
          if (tid === pid) {
            countState(threadStates, stat.state);
            continue;
          }
          await pace();
          const thread = readStat(join(paths.procfs, pid, 'task', tid, 'stat'));
          if (thread !== null) countState(threadStates, thread.state);
        }
      }

      const limit = (file: string) => {
        const path = join(paths.procfs, 'sys/kernel', file);
        return parseSource(path, readText(path), parseSysUint);
      };
      const maxThreads = limit('threads-max');
      const maxPids = limit('pid_max');

      const state = gauge('node_processes_state', 'Number of processes in each state.');
      for (const [s, n] of states) state.add(n, { state: s });
      const threadState = gauge('node_processes_threads_state', 'Number of threads in each state.');
      for (const [s, n] of threadStates) threadState.add(n, { thread_state: s });

      const families: MetricFamily[] = [
        single('node_processes_threads', 'Allocated threads in system', 'gauge', threads),
        single('node_processes_max_threads', 'Limit of threads in the system', 'gauge', maxThreads),
        single('node_processes_pids', 'Number of PIDs', 'gauge', processes),
        single('node_processes_max_processes', 'Number of max PIDs limit', 'gauge', maxPids),
      ];
      for (const f of [state, threadState]) if (f.size > 0) families.push(f.build());
      return families;
    },
  }),
});
