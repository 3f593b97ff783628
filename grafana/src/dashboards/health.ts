import { buildDashboard } from '../dashboard.js';
import { HOST, stateTimeline, statPanel, timeSeries, upDown } from '../panels.js';

export function healthDashboard() {
  return buildDashboard({
    uid: 'vigil-health',
    title: 'vigil / Exporter health',
    description:
      "vigil's own state: collectors, scrape size and duration, configuration, CPU and memory.",
    hostMetric: 'vigil_build_info',
    sections: [
      {
        title: 'Status',
        panels: [
          statPanel({
            title: 'Scrape up',
            description: 'Whether Prometheus could scrape vigil at its last attempt.',
            unit: 'none',
            mappings: upDown(),
            queries: [{ expr: `up{${HOST}}` }],
          }),
          statPanel({
            title: 'Version',
            description: 'The running version of vigil.',
            unit: 'none',
            queries: [{ expr: `vigil_build_info{${HOST}}`, legend: '{{version}}', instant: true }],
          }),
          statPanel({
            title: 'Configuration',
            description: 'Whether the last configuration load or reload succeeded.',
            unit: 'none',
            mappings: upDown('loaded', 'refused'),
            queries: [{ expr: `vigil_config_last_reload_successful{${HOST}}` }],
          }),
          statPanel({
            title: 'Series per scrape',
            description: 'Samples in the last scrape of vigil, as Prometheus counted them.',
            unit: 'short',
            queries: [{ expr: `scrape_samples_scraped{${HOST}}` }],
          }),
          statPanel({
            title: 'Scrape duration',
            description: 'How long the last scrape of vigil took, as Prometheus measured it.',
            unit: 's',
            queries: [{ expr: `scrape_duration_seconds{${HOST}}` }],
          }),
          statPanel({
            title: 'Failing collectors',
            description: 'Collectors whose last run failed or missed its deadline.',
            unit: 'short',
            thresholds: [
              [null, 'green'],
              [1, 'red'],
            ],
            queries: [{ expr: `count(vigil_scrape_collector_success{${HOST}} == 0) or vector(0)` }],
          }),
        ],
      },
      {
        title: 'Collectors',
        panels: [
          stateTimeline({
            title: 'Collector success',
            description: 'Whether each collector succeeded at each scrape.',
            unit: 'short',
            mappings: upDown('ok', 'failed'),
            queries: [{ expr: `vigil_scrape_collector_success{${HOST}}`, legend: '{{collector}}' }],
          }),
          timeSeries({
            title: 'Collector duration',
            description: 'How long each collector took at each scrape.',
            unit: 's',
            min: 0,
            legendTable: true,
            queries: [
              {
                expr: `vigil_scrape_collector_duration_seconds{${HOST}}`,
                legend: '{{collector}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Resources',
        panels: [
          timeSeries({
            title: 'CPU',
            description: "vigil's CPU seconds a second: 1 is one full core.",
            unit: 'percentunit',
            min: 0,
            queries: [
              {
                expr: `rate(process_cpu_seconds_total{${HOST}}[$__rate_interval])`,
                legend: 'cpu',
              },
            ],
          }),
          timeSeries({
            title: 'Memory',
            description: 'Resident memory of the vigil process, and the JavaScript heap in use.',
            unit: 'bytes',
            min: 0,
            queries: [
              { expr: `process_resident_memory_bytes{${HOST}}`, legend: 'resident' },
              { expr: `nodejs_heap_size_used_bytes{${HOST}}`, legend: 'heap used' },
            ],
          }),
          timeSeries({
            title: 'Event loop lag',
            description:
              'Longest delay of the event loop since the previous scrape: high values delay scrapes and log reading.',
            unit: 's',
            min: 0,
            queries: [{ expr: `nodejs_eventloop_lag_max_seconds{${HOST}}`, legend: 'max lag' }],
          }),
          timeSeries({
            title: 'Open file descriptors',
            description: 'File descriptors vigil holds, against its limit.',
            unit: 'short',
            min: 0,
            queries: [
              { expr: `process_open_fds{${HOST}}`, legend: 'open' },
              { expr: `process_max_fds{${HOST}}`, legend: 'limit' },
            ],
          }),
        ],
      },
    ],
  });
}
