import { buildDashboard } from '../dashboard.js';
import { HOST, statPanel, timeSeries } from '../panels.js';

const cpus = `count(node_cpu_seconds_total{${HOST},mode="idle"})`;
const rate = (metric: string, extra = '') => `rate(${metric}{${HOST}${extra}}[$__rate_interval])`;

/** One host at a time; node_exporter's metric names, so it shows node_exporter data too. */
export function hostDashboard() {
  return buildDashboard({
    uid: 'vigil-host',
    title: 'vigil / Host overview',
    description:
      'CPU, memory, disk I/O, filesystems, network, load and pressure of one host, from vigil or node_exporter.',
    hostMetric: 'node_uname_info',
    sections: [
      {
        title: 'Quick stats',
        panels: [
          statPanel({
            title: 'Uptime',
            description: 'Time since the host booted.',
            unit: 's',
            queries: [{ expr: `time() - node_boot_time_seconds{${HOST}}`, instant: true }],
          }),
          statPanel({
            title: 'CPUs',
            description: 'Logical CPUs.',
            unit: 'short',
            queries: [{ expr: cpus, instant: true }],
          }),
          statPanel({
            title: 'CPU busy',
            description: 'Share of CPU time not idle, iowait or steal, over all CPUs.',
            unit: 'percentunit',
            queries: [
              {
                expr: `1 - sum(${rate('node_cpu_seconds_total', ',mode=~"idle|iowait|steal"')}) / ${cpus}`,
              },
            ],
            thresholds: [
              [null, 'green'],
              [0.8, 'orange'],
              [0.9, 'red'],
            ],
          }),
          statPanel({
            title: 'Memory used',
            description:
              'Share of memory not available to new programs (1 − MemAvailable / MemTotal).',
            unit: 'percentunit',
            queries: [
              {
                expr: `1 - node_memory_MemAvailable_bytes{${HOST}} / node_memory_MemTotal_bytes{${HOST}}`,
              },
            ],
            thresholds: [
              [null, 'green'],
              [0.8, 'orange'],
              [0.9, 'red'],
            ],
          }),
          statPanel({
            title: 'Root filesystem used',
            description: 'Share of / used, as non-root users see it.',
            unit: 'percentunit',
            queries: [
              {
                expr: `1 - node_filesystem_avail_bytes{${HOST},mountpoint="/"} / node_filesystem_size_bytes{${HOST},mountpoint="/"}`,
              },
            ],
            thresholds: [
              [null, 'green'],
              [0.8, 'orange'],
              [0.95, 'red'],
            ],
          }),
          statPanel({
            title: 'Load per CPU',
            description:
              '1-minute load average divided by the number of CPUs; above 1 means waiting.',
            unit: 'short',
            queries: [{ expr: `node_load1{${HOST}} / scalar(${cpus})` }],
            thresholds: [
              [null, 'green'],
              [1, 'orange'],
              [2, 'red'],
            ],
          }),
        ],
      },
      {
        title: 'CPU',
        panels: [
          timeSeries({
            title: 'CPU by mode',
            description: 'Share of all CPUs spent in each mode; idle left out.',
            unit: 'percentunit',
            stack: true,
            min: 0,
            queries: [
              {
                expr: `sum by (mode) (${rate('node_cpu_seconds_total', ',mode!="idle"')}) / scalar(${cpus})`,
                legend: '{{mode}}',
              },
            ],
          }),
          timeSeries({
            title: 'CPU busy per core',
            description: 'Share of each CPU not idle, iowait or steal.',
            unit: 'percentunit',
            min: 0,
            max: 1,
            queries: [
              {
                expr: `1 - sum by (cpu) (${rate('node_cpu_seconds_total', ',mode=~"idle|iowait|steal"')})`,
                legend: 'cpu {{cpu}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Memory',
        panels: [
          timeSeries({
            title: 'Memory',
            description: 'Used (total − available), cached, buffers and free memory.',
            unit: 'bytes',
            min: 0,
            queries: [
              {
                expr: `node_memory_MemTotal_bytes{${HOST}} - node_memory_MemAvailable_bytes{${HOST}}`,
                legend: 'used',
              },
              { expr: `node_memory_Cached_bytes{${HOST}}`, legend: 'cached' },
              { expr: `node_memory_Buffers_bytes{${HOST}}`, legend: 'buffers' },
              { expr: `node_memory_MemFree_bytes{${HOST}}`, legend: 'free' },
            ],
          }),
          timeSeries({
            title: 'Swap',
            description: 'Swap space in use.',
            unit: 'bytes',
            min: 0,
            queries: [
              {
                expr: `node_memory_SwapTotal_bytes{${HOST}} - node_memory_SwapFree_bytes{${HOST}}`,
                legend: 'swap used',
              },
            ],
          }),
        ],
      },
      {
        title: 'Disk I/O',
        panels: [
          timeSeries({
            title: 'Disk throughput',
            description: 'Bytes read (positive) and written (negative) per device.',
            unit: 'Bps',
            queries: [
              { expr: rate('node_disk_read_bytes_total'), legend: '{{device}} read' },
              { expr: `-${rate('node_disk_written_bytes_total')}`, legend: '{{device}} written' },
            ],
          }),
          timeSeries({
            title: 'Disk busy',
            description:
              'Share of time each device had I/O in flight; near 1 the device is saturated.',
            unit: 'percentunit',
            min: 0,
            max: 1,
            queries: [{ expr: rate('node_disk_io_time_seconds_total'), legend: '{{device}}' }],
          }),
          timeSeries({
            title: 'Disk operations',
            description: 'Completed reads and writes a second per device.',
            unit: 'iops',
            queries: [
              { expr: rate('node_disk_reads_completed_total'), legend: '{{device}} reads' },
              { expr: rate('node_disk_writes_completed_total'), legend: '{{device}} writes' },
            ],
          }),
        ],
      },
      {
        title: 'Filesystems',
        panels: [
          timeSeries({
            title: 'Filesystem used',
            description: 'Share of each filesystem used, as non-root users see it.',
            unit: 'percentunit',
            min: 0,
            max: 1,
            legendTable: true,
            queries: [
              {
                expr: `1 - node_filesystem_avail_bytes{${HOST}} / node_filesystem_size_bytes{${HOST}}`,
                legend: '{{mountpoint}}',
              },
            ],
          }),
          timeSeries({
            title: 'Filesystem available',
            description: 'Bytes available to non-root users on each filesystem.',
            unit: 'bytes',
            min: 0,
            legendTable: true,
            queries: [{ expr: `node_filesystem_avail_bytes{${HOST}}`, legend: '{{mountpoint}}' }],
          }),
        ],
      },
      {
        title: 'Network',
        panels: [
          timeSeries({
            title: 'Network traffic',
            description:
              'Bytes received (positive) and sent (negative) per interface, loopback left out.',
            unit: 'Bps',
            queries: [
              {
                expr: rate('node_network_receive_bytes_total', ',device!="lo"'),
                legend: '{{device}} received',
              },
              {
                expr: `-${rate('node_network_transmit_bytes_total', ',device!="lo"')}`,
                legend: '{{device}} sent',
              },
            ],
          }),
          timeSeries({
            title: 'Network errors and drops',
            description: 'Packets a second that failed or were dropped, per interface.',
            unit: 'pps',
            queries: [
              {
                expr: rate('node_network_receive_errs_total'),
                legend: '{{device}} receive errors',
              },
              { expr: rate('node_network_transmit_errs_total'), legend: '{{device}} send errors' },
              { expr: rate('node_network_receive_drop_total'), legend: '{{device}} receive drops' },
              { expr: rate('node_network_transmit_drop_total'), legend: '{{device}} send drops' },
            ],
          }),
        ],
      },
      {
        title: 'Load and pressure',
        panels: [
          timeSeries({
            title: 'Load average',
            description: 'Runnable and uninterruptible tasks averaged over 1, 5 and 15 minutes.',
            unit: 'short',
            min: 0,
            queries: [
              { expr: `node_load1{${HOST}}`, legend: '1m' },
              { expr: `node_load5{${HOST}}`, legend: '5m' },
              { expr: `node_load15{${HOST}}`, legend: '15m' },
            ],
          }),
          timeSeries({
            title: 'Pressure stall',
            description:
              'Share of time some tasks waited for CPU, memory or I/O (Linux PSI); absent on kernels without it.',
            unit: 'percentunit',
            min: 0,
            queries: [
              { expr: rate('node_pressure_cpu_waiting_seconds_total'), legend: 'cpu' },
              { expr: rate('node_pressure_memory_waiting_seconds_total'), legend: 'memory' },
              { expr: rate('node_pressure_io_waiting_seconds_total'), legend: 'io' },
            ],
          }),
        ],
      },
    ],
  });
}
