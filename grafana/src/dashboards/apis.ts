import { buildDashboard, queryVariable } from '../dashboard.js';
import { HOST, stateTimeline, timeSeries, upDown } from '../panels.js';

const TARGET = `${HOST},target=~"$target"`;

export function apisDashboard() {
  return buildDashboard({
    uid: 'vigil-apis',
    title: 'vigil / Business APIs',
    description:
      'Values read from HTTP JSON APIs, and whether each target answers, how fast, and how fresh.',
    hostMetric: 'vigil_build_info',
    variables: [
      queryVariable('target', 'Target', `label_values(vigil_api_up{${HOST}}, target)`, true),
    ],
    sections: [
      {
        title: 'Values',
        panels: [
          timeSeries({
            title: 'API values',
            description:
              'Every metric the selected targets give (their names are set in the apis section of the configuration).',
            unit: 'short',
            w: 24,
            legendTable: true,
            queries: [
              {
                expr: `{${TARGET},__name__!~"vigil_api_.*"}`,
                legend: '{{__name__}} {{target}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Targets',
        panels: [
          stateTimeline({
            title: 'Target up',
            description: 'Whether the last fetch of each target succeeded with every metric read.',
            unit: 'short',
            mappings: upDown(),
            queries: [{ expr: `vigil_api_up{${TARGET}}`, legend: '{{target}}' }],
          }),
          timeSeries({
            title: 'Request duration',
            description: 'How long the last fetch of each target took.',
            unit: 's',
            min: 0,
            queries: [
              { expr: `vigil_api_request_duration_seconds{${TARGET}}`, legend: '{{target}}' },
            ],
          }),
          timeSeries({
            title: 'Staleness',
            description:
              'Age of the values served for each target: time since its last complete answer.',
            unit: 's',
            min: 0,
            queries: [
              {
                expr: `time() - vigil_api_last_success_timestamp_seconds{${TARGET}}`,
                legend: '{{target}}',
              },
            ],
          }),
          timeSeries({
            title: 'Errors by reason',
            description: 'Failed fetches a second, by target and reason.',
            unit: 'cps',
            min: 0,
            queries: [
              {
                expr: `sum by (target, reason) (rate(vigil_api_errors_total{${TARGET}}[$__rate_interval]))`,
                legend: '{{target}} {{reason}}',
              },
            ],
          }),
        ],
      },
    ],
  });
}
