import { buildDashboard } from '../dashboard.js';
import { HOST, stateTimeline, tablePanel, timeSeries, upDown } from '../panels.js';

export function portsDashboard() {
  return buildDashboard({
    uid: 'vigil-ports',
    title: 'vigil / Ports and probes',
    description: 'Listening sockets and their owners, expected ports, and TCP probes.',
    hostMetric: 'vigil_build_info',
    sections: [
      {
        title: 'Listening',
        panels: [
          tablePanel({
            title: 'Listening ports',
            description:
              'Every listening TCP socket and bound UDP socket, with the command that owns it (empty when vigil may not read it).',
            unit: 'none',
            w: 24,
            h: 10,
            columns: ['protocol', 'address', 'port', 'process'],
            queries: [{ expr: `vigil_port_listening{${HOST}}` }],
          }),
          stateTimeline({
            title: 'Expected ports',
            description: 'Ports configured as expected: open while something listens on them.',
            unit: 'short',
            w: 24,
            h: 6,
            mappings: upDown('open', 'closed'),
            queries: [
              {
                expr: `vigil_port_expected_up{${HOST}}`,
                legend: '{{name}} {{port}}/{{protocol}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Probes',
        panels: [
          stateTimeline({
            title: 'Probe success',
            description: 'Whether each TCP probe connected.',
            unit: 'short',
            mappings: upDown('success', 'failure'),
            queries: [{ expr: `vigil_probe_success{${HOST}}`, legend: '{{name}}' }],
          }),
          timeSeries({
            title: 'Probe duration',
            description: 'How long each TCP probe took to connect (or to fail).',
            unit: 's',
            min: 0,
            queries: [{ expr: `vigil_probe_duration_seconds{${HOST}}`, legend: '{{name}}' }],
          }),
        ],
      },
    ],
  });
}
