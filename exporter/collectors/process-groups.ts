import { defineCollector } from '../core/collector.js';
import { counter, FamilySet, gauge } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import type { ProcessesSettings } from '../processes/config.js';
import { fallbackProcessSamples } from '../processes/fallback-reader.js';
import { type GroupSnapshot, GroupTracker } from '../processes/group-tracker.js';
import { Grouper } from '../processes/grouping.js';
import { ProcfsProcessReader } from '../processes/procfs-reader.js';
import { hasProcfs } from './fallback.js';

/** Kernel state letters (proc(5)) as label values. */
const STATE_NAMES: Record<string, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'waiting',
  Z: 'zombie',
  T: 'stopped',
  t: 'stopped',
  I: 'idle',
};
const STATES = ['running', 'sleeping', 'waiting', 'zombie', 'stopped', 'idle', 'other'];

function groupFamilies(groups: readonly GroupSnapshot[]): MetricFamily[] {
  const set = new FamilySet();
  const g = (name: string, help: string) => set.get(name, help, 'gauge');
  const c = (name: string, help: string) => set.get(name, help, 'counter');
  for (const s of groups) {
    const groupname = s.name;
    g('vigil_process_num_procs', 'Number of processes in the group.').add(s.numProcs, {
      groupname,
    });
    const cpu = c(
      'vigil_process_cpu_seconds_total',
      'CPU time used by the group, including members that have exited.',
    );
    cpu.add(s.counters.userSeconds, { groupname, mode: 'user' });
    cpu.add(s.counters.systemSeconds, { groupname, mode: 'system' });
    const mem = g('vigil_process_memory_bytes', 'Memory of the group members, by type.');
    mem.add(s.residentBytes, { groupname, memtype: 'resident' });
    mem.add(s.virtualBytes, { groupname, memtype: 'virtual' });
    mem.add(s.swappedBytes, { groupname, memtype: 'swapped' });
    g(
      'vigil_process_open_filedesc',
      'Open file descriptors of the group members (those vigil may read).',
    ).add(s.openFds, { groupname });
    g(
      'vigil_process_worst_fd_ratio',
      'Highest ratio of open file descriptors to the soft limit among the members.',
    ).add(s.worstFdRatio, { groupname });
    g('vigil_process_num_threads', 'Threads in the group.').add(s.threads, { groupname });
    const states = g('vigil_process_states', 'Members of the group in each scheduler state.');
    const counts = new Map<string, number>();
    for (const [letter, n] of s.states) {
      const state = STATE_NAMES[letter] ?? 'other';
      counts.set(state, (counts.get(state) ?? 0) + n);
    }
    for (const state of STATES) states.add(counts.get(state) ?? 0, { groupname, state });
    c(
      'vigil_process_read_bytes_total',
      'Bytes the group read from storage (needs access to /proc/<pid>/io).',
    ).add(s.counters.readBytes, { groupname });
    c(
      'vigil_process_write_bytes_total',
      'Bytes the group wrote to storage (needs access to /proc/<pid>/io).',
    ).add(s.counters.writeBytes, { groupname });
    if (s.oldestStartTime !== undefined) {
      g(
        'vigil_process_oldest_start_time_seconds',
        'Start time of the oldest member, in unixtime.',
      ).add(s.oldestStartTime, { groupname });
    }
    const ctx = c(
      'vigil_process_context_switches_total',
      'Context switches of the group, by type.',
    );
    ctx.add(s.counters.voluntaryCtxt, { groupname, ctxswitchtype: 'voluntary' });
    ctx.add(s.counters.nonvoluntaryCtxt, { groupname, ctxswitchtype: 'nonvoluntary' });
    c('vigil_process_major_page_faults_total', 'Major page faults of the group.').add(
      s.counters.majorFaults,
      { groupname },
    );
  }
  return set.build();
}

export const processGroupsCollector = defineCollector<ProcessesSettings>({
  name: 'process_groups',
  defaultEnabled: true,
  description: 'Processes grouped by name or by the processes.groups config, with watched groups.',
  section: ['processes'],
  create: ({ paths, settings: section }) => {
    const reader = new ProcfsProcessReader(paths.procfs, paths.rootfs);
    const tracker = new GroupTracker(
      () => section().idle_timeout,
      () => section().max_groups,
    );
    const errors = { vanished: 0, permission: 0 };
    let grouper = new Grouper(section().groups);
    return {
      async reconfigure(settings) {
        grouper = new Grouper(settings.groups);
      },
      async collect(signal) {
        const settings = section();
        const now = Date.now() / 1000;
        let samples: Awaited<ReturnType<typeof reader.read>>['samples'];
        if (await hasProcfs(paths.procfs)) {
          const outcome = await reader.read(grouper, signal);
          samples = outcome.samples;
          errors.vanished += outcome.vanished;
          errors.permission += outcome.permission;
        } else {
          samples = await fallbackProcessSamples(grouper);
        }
        const groups = tracker.update(samples, now);
        const families = groupFamilies(groups);

        const watched = settings.groups.filter(
          (g) => g.min_count !== undefined || g.max_count !== undefined,
        );
        if (watched.length > 0) {
          const counts = new Map(groups.map((s) => [s.name, s.numProcs]));
          const up = gauge(
            'vigil_process_group_up',
            'Whether a watched group has between min_count and max_count members (1) or not (0).',
          );
          for (const w of watched) {
            const n = counts.get(w.name) ?? 0;
            up.add(
              n >= (w.min_count ?? 1) && n <= (w.max_count ?? Number.POSITIVE_INFINITY) ? 1 : 0,
              { groupname: w.name },
            );
          }
          families.push(up.build());
        }
        const skipped = counter(
          'vigil_process_read_errors_total',
          'Processes skipped or read in part: vanished mid-read, or files denied (run as root for full results).',
        );
        skipped.add(errors.vanished, { reason: 'vanished' });
        skipped.add(errors.permission, { reason: 'permission' });
        families.push(skipped.build());
        families.push(
          counter(
            'vigil_process_dropped_total',
            'Process observations left out because processes.max_groups was reached.',
          )
            .add(tracker.dropped)
            .build(),
        );
        return families;
      },
    };
  },
});
