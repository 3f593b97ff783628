import { buildDashboard, queryVariable } from '../dashboard.js';
import { HOST, stateTimeline, timeSeries, upDown } from '../panels.js';

const GROUP = `${HOST},groupname=~"$group"`;

export function processesDashboard() {
  return buildDashboard({
    uid: 'vigil-processes',
    title: 'vigil / Processes',
    description: 'Process groups: CPU, memory, states, watched groups, file descriptors and I/O.',
    hostMetric: 'vigil_build_info',
    variables: [
      queryVariable(
        'group',
        'Group',
        `label_values(vigil_process_num_procs{${HOST}}, groupname)`,
        true,
      ),
    ],
    sections: [
      {
        title: 'Top groups',
        panels: [
          timeSeries({
            title: 'CPU by group (top 10)',
            description:
              'CPU seconds a second used by each group, user and system: 1 is one full core.',
            unit: 'percentunit',
            min: 0,
            legendTable: true,
            queries: [
              {
                expr: `topk(10, sum by (groupname) (rate(vigil_process_cpu_seconds_total{${GROUP}}[$__rate_interval])))`,
                legend: '{{groupname}}',
              },
            ],
          }),
          timeSeries({
            title: 'Resident memory by group (top 10)',
            description: 'Resident set size of each group, summed over its processes.',
            unit: 'bytes',
            min: 0,
            legendTable: true,
            queries: [
              {
                expr: `topk(10, vigil_process_memory_bytes{${GROUP},memtype="resident"})`,
                legend: '{{groupname}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Processes and states',
        panels: [
          timeSeries({
            title: 'Processes per group',
            description: 'Processes in each group.',
            unit: 'short',
            min: 0,
            queries: [{ expr: `vigil_process_num_procs{${GROUP}}`, legend: '{{groupname}}' }],
          }),
          timeSeries({
            title: 'Threads by state',
            description: 'Threads of the selected groups in each scheduler state.',
            unit: 'short',
            min: 0,
            stack: true,
            queries: [
              {
                expr: `sum by (state) (vigil_process_states{${GROUP}})`,
                legend: '{{state}}',
              },
            ],
          }),
          stateTimeline({
            title: 'Watched groups',
            description:
              'Groups with a min_count (or max_count): up while their number of processes is within bounds.',
            unit: 'short',
            w: 24,
            h: 6,
            mappings: upDown(),
            queries: [{ expr: `vigil_process_group_up{${GROUP}}`, legend: '{{groupname}}' }],
          }),
        ],
      },
      {
        title: 'Resources',
        panels: [
          timeSeries({
            title: 'Open file descriptors',
            description: 'File descriptors open in each group.',
            unit: 'short',
            min: 0,
            queries: [{ expr: `vigil_process_open_filedesc{${GROUP}}`, legend: '{{groupname}}' }],
          }),
          timeSeries({
            title: 'Worst file descriptor use',
            description:
              'Highest share of its own open-files limit used by any one process of each group.',
            unit: 'percentunit',
            min: 0,
            max: 1,
            queries: [{ expr: `vigil_process_worst_fd_ratio{${GROUP}}`, legend: '{{groupname}}' }],
          }),
          timeSeries({
            title: 'Threads',
            description: 'Threads in each group.',
            unit: 'short',
            min: 0,
            queries: [{ expr: `vigil_process_num_threads{${GROUP}}`, legend: '{{groupname}}' }],
          }),
          timeSeries({
            title: 'Disk I/O by group',
            description:
              'Bytes a second each group read (positive) and wrote (negative) at the storage layer.',
            unit: 'Bps',
            queries: [
              {
                expr: `rate(vigil_process_read_bytes_total{${GROUP}}[$__rate_interval])`,
                legend: '{{groupname}} read',
              },
              {
                expr: `-rate(vigil_process_write_bytes_total{${GROUP}}[$__rate_interval])`,
                legend: '{{groupname}} written',
              },
            ],
          }),
        ],
      },
    ],
  });
}
