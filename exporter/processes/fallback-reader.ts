/**
 * Process samples where procfs does not exist (macOS, Windows): systeminformation lists the
 * processes, pidusage reads each one's CPU time and memory. Both spawn system tools and take
 * hundreds of milliseconds, which is why Linux never uses them. CPU time comes as one total,
 * reported under mode "user"; fields these tools cannot give are 0.
 */

import { type ProcessSample, zeroCounters } from './group-tracker.js';
import type { Grouper } from './grouping.js';

export async function fallbackProcessSamples(grouper: Grouper): Promise<ProcessSample[]> {
  const si = (await import('systeminformation')).default;
  const pidusage = (await import('pidusage')).default;
  const { list } = await si.processes();
  const pids = list.map((p) => p.pid);
  const usage =
    pids.length > 0 ? await pidusage(pids).catch(() => ({}) as Record<number, never>) : {};
  const samples: ProcessSample[] = [];
  for (const p of list) {
    const group = grouper.groupOf({
      comm: p.name,
      exe: p.path ? `${p.path}/${p.name}` : '',
      cmdline: [p.command, ...(p.params ? p.params.split(' ') : [])],
      username: p.user,
      kernelThread: false,
    });
    if (group === null) continue;
    const u = (usage as Record<number, { ctime: number; memory: number } | undefined>)[p.pid];
    const counters = zeroCounters();
    counters.userSeconds = (u?.ctime ?? 0) / 1000;
    samples.push({
      key: `${p.pid}:${p.started}`,
      group,
      state:
        p.state === 'running'
          ? 'R'
          : p.state === 'sleeping'
            ? 'S'
            : p.state === 'zombie'
              ? 'Z'
              : '?',
      counters,
      residentBytes: u?.memory ?? p.memRss * 1024,
      virtualBytes: p.memVsz * 1024,
      swappedBytes: 0,
      threads: 0,
      startTime: Date.parse(p.started) / 1000 || 0,
    });
  }
  return samples;
}
