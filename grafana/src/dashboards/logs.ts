import { buildDashboard, queryVariable } from '../dashboard.js';
import { HOST, timeSeries } from '../panels.js';

const SOURCE = `${HOST},source=~"$source"`;
const perSecond = (metric: string) =>
  `sum by (source) (rate(${metric}{${SOURCE}}[$__rate_interval]))`;

export function logsDashboard() {
  return buildDashboard({
    uid: 'vigil-logs',
    title: 'vigil / Logs',
    description:
      'Log rule match rates by source, rule and label; reading, lag, errors and rotations.',
    hostMetric: 'vigil_build_info',
    variables: [
      queryVariable(
        'source',
        'Source',
        `label_values(vigil_log_lines_total{${HOST}}, source)`,
        true,
      ),
      queryVariable(
        'metric',
        'Rule metric',
        `label_values(vigil_log_rule_info{${SOURCE}}, metric)`,
      ),
    ],
    sections: [
      {
        title: 'Matches',
        panels: [
          timeSeries({
            title: 'Matches by rule',
            description: 'Lines a second each rule matched.',
            unit: 'cps',
            min: 0,
            legendTable: true,
            queries: [
              {
                expr: `sum by (source, rule) (rate(vigil_log_matches_total{${SOURCE}}[$__rate_interval]))`,
                legend: '{{source}} / {{rule}}',
              },
            ],
          }),
          timeSeries({
            title: 'Rule metric by label',
            description:
              "The metric chosen above (a rule's counter, or a histogram's _count), a second, by the labels its captures give.",
            unit: 'cps',
            min: 0,
            legendTable: true,
            queries: [
              {
                expr: `rate({__name__=~"$metric(_count)?",${HOST}}[$__rate_interval])`,
              },
            ],
          }),
        ],
      },
      {
        title: 'Reading',
        panels: [
          timeSeries({
            title: 'Lines read',
            description: 'Complete lines read a second, per source.',
            unit: 'cps',
            min: 0,
            queries: [{ expr: perSecond('vigil_log_lines_total'), legend: '{{source}}' }],
          }),
          timeSeries({
            title: 'Bytes read',
            description: 'Bytes read a second, per source.',
            unit: 'Bps',
            min: 0,
            queries: [{ expr: perSecond('vigil_log_bytes_total'), legend: '{{source}}' }],
          }),
          timeSeries({
            title: 'Lag',
            description: 'Bytes written to the files of each source and not read yet.',
            unit: 'bytes',
            min: 0,
            queries: [{ expr: `vigil_log_lag_bytes{${SOURCE}}`, legend: '{{source}}' }],
          }),
          timeSeries({
            title: 'Files followed',
            description: 'Files each source follows.',
            unit: 'short',
            min: 0,
            queries: [{ expr: `vigil_log_files{${SOURCE}}`, legend: '{{source}}' }],
          }),
        ],
      },
      {
        title: 'Errors and rotations',
        panels: [
          timeSeries({
            title: 'Read errors, long lines, dropped series',
            description:
              'Failed attempts to open or read a file, lines cut at max_line_bytes, and matches not exported because a rule reached max_series; a second.',
            unit: 'cps',
            min: 0,
            queries: [
              { expr: perSecond('vigil_log_read_errors_total'), legend: '{{source}} read errors' },
              { expr: perSecond('vigil_log_long_lines_total'), legend: '{{source}} long lines' },
              {
                expr: perSecond('vigil_log_dropped_series_total'),
                legend: '{{source}} dropped',
              },
            ],
          }),
          timeSeries({
            title: 'Rotations and truncations',
            description: 'Files replaced at their path, and files truncated in place, a second.',
            unit: 'cps',
            min: 0,
            queries: [
              { expr: perSecond('vigil_log_rotations_total'), legend: '{{source}} rotations' },
              {
                expr: perSecond('vigil_log_truncations_total'),
                legend: '{{source}} truncations',
              },
            ],
          }),
        ],
      },
    ],
  });
}
