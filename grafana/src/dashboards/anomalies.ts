import { buildDashboard, queryVariable } from '../dashboard.js';
import { band, HOST, type Placed, stateTimeline, timeSeries, upDown } from '../panels.js';

/** A recorded signal with its EWMA (where there is one) and a band drawn as a filled area. */
function withBand(options: {
  title: string;
  description: string;
  unit: string;
  signal: string;
  selector: string;
  ewma?: string;
  upper: string;
  lower: string;
  bandName: string;
  color: string;
}): Placed {
  const upper = `upper ${options.bandName}`;
  const lower = `lower ${options.bandName}`;
  return timeSeries({
    title: options.title,
    description: options.description,
    unit: options.unit,
    min: 0,
    fillOpacity: 0,
    queries: [
      { expr: `${options.signal}{${options.selector}}`, legend: 'value' },
      ...(options.ewma ? [{ expr: `${options.ewma}{${options.selector}}`, legend: 'EWMA' }] : []),
      { expr: `${options.upper}{${options.selector}}`, legend: upper },
      { expr: `${options.lower}{${options.selector}}`, legend: lower },
    ],
    overrides: band(upper, lower, options.color),
  });
}

const LOG = `${HOST},source="$source",rule="$rule"`;

export function anomaliesDashboard() {
  return buildDashboard({
    uid: 'vigil-anomalies',
    title: 'vigil / Anomalies',
    description:
      'Each signal with its EWMA and its 3-sigma and quantile bands (from alert-rules/), with firing alerts marked.',
    hostMetric: 'instance:node_cpu_utilisation:rate5m',
    variables: [
      queryVariable(
        'source',
        'Log source',
        `label_values(source_rule:vigil_log_matches:rate5m{${HOST}}, source)`,
      ),
      queryVariable(
        'rule',
        'Log rule',
        `label_values(source_rule:vigil_log_matches:rate5m{${HOST},source="$source"}, rule)`,
      ),
    ],
    sections: [
      {
        title: 'CPU',
        panels: [
          withBand({
            title: 'CPU and its 3-sigma band (past hour)',
            description:
              'CPU utilisation, its EWMA, and mean ± 3 standard deviations of the hour that ended 5 minutes ago.',
            unit: 'percentunit',
            signal: 'instance:node_cpu_utilisation:rate5m',
            selector: HOST,
            ewma: 'instance:node_cpu_utilisation:ewma',
            upper: 'instance:node_cpu_utilisation:upper_band_3sigma_1h',
            lower: 'instance:node_cpu_utilisation:lower_band_3sigma_1h',
            bandName: '3σ 1h',
            color: 'blue',
          }),
          withBand({
            title: 'CPU and its quantile band (past hour)',
            description:
              "CPU utilisation and Tukey's fences of the past hour: the quartiles widened by 1.5 times their distance.",
            unit: 'percentunit',
            signal: 'instance:node_cpu_utilisation:rate5m',
            selector: HOST,
            upper: 'instance:node_cpu_utilisation:upper_band_iqr_1h',
            lower: 'instance:node_cpu_utilisation:lower_band_iqr_1h',
            bandName: 'IQR 1h',
            color: 'purple',
          }),
          withBand({
            title: 'CPU and its 3-sigma band (past day)',
            description:
              'CPU utilisation against the mean ± 3 standard deviations of the past day.',
            unit: 'percentunit',
            signal: 'instance:node_cpu_utilisation:rate5m',
            selector: HOST,
            upper: 'instance:node_cpu_utilisation:upper_band_3sigma_1d',
            lower: 'instance:node_cpu_utilisation:lower_band_3sigma_1d',
            bandName: '3σ 1d',
            color: 'green',
          }),
        ],
      },
      {
        title: 'Memory',
        panels: [
          withBand({
            title: 'Memory and its 3-sigma band (past hour)',
            description:
              'Memory utilisation, its EWMA, and mean ± 3 standard deviations of the hour that ended 5 minutes ago.',
            unit: 'percentunit',
            signal: 'instance:node_memory_utilisation:ratio',
            selector: HOST,
            ewma: 'instance:node_memory_utilisation:ewma',
            upper: 'instance:node_memory_utilisation:upper_band_3sigma_1h',
            lower: 'instance:node_memory_utilisation:lower_band_3sigma_1h',
            bandName: '3σ 1h',
            color: 'blue',
          }),
          withBand({
            title: 'Memory and its 3-sigma band (past day)',
            description:
              'Memory utilisation against the mean ± 3 standard deviations of the past day.',
            unit: 'percentunit',
            signal: 'instance:node_memory_utilisation:ratio',
            selector: HOST,
            upper: 'instance:node_memory_utilisation:upper_band_3sigma_1d',
            lower: 'instance:node_memory_utilisation:lower_band_3sigma_1d',
            bandName: '3σ 1d',
            color: 'green',
          }),
        ],
      },
      {
        title: 'Log rule',
        panels: [
          withBand({
            title: 'Matches of $rule and its 3-sigma band (past hour)',
            description:
              'Lines a second the chosen log rule matches, its EWMA, and its band; LogMatchRateAboveBand fires above it.',
            unit: 'cps',
            signal: 'source_rule:vigil_log_matches:rate5m',
            selector: LOG,
            ewma: 'source_rule:vigil_log_matches:ewma',
            upper: 'source_rule:vigil_log_matches:upper_band_3sigma_1h',
            lower: 'source_rule:vigil_log_matches:lower_band_3sigma_1h',
            bandName: '3σ 1h',
            color: 'orange',
          }),
        ],
      },
      {
        title: 'Models (anomaly collector)',
        panels: [
          timeSeries({
            title: 'Anomaly scores, over their threshold',
            description:
              'Score of the newest sample divided by the threshold above which it counts as anomalous (1 is the threshold): k-means per signal, and the isolation forest across all of them. Absent until the first model is trained.',
            unit: 'short',
            min: 0,
            legendTable: true,
            queries: [
              {
                expr: `vigil_anomaly_score{${HOST}} / vigil_anomaly_threshold{${HOST}}`,
                legend: '{{signal}} ({{method}})',
              },
            ],
          }),
          timeSeries({
            title: 'Anomaly rate',
            description:
              'Share of the signals flagged now, by method; HostAnomalyRateHigh fires on a sustained rate.',
            unit: 'percentunit',
            min: 0,
            max: 1,
            queries: [{ expr: `vigil_anomaly_rate{${HOST}}`, legend: '{{method}}' }],
          }),
          stateTimeline({
            title: 'Anomalous signals',
            description:
              'Each signal and method: flagged from two samples in a row above the threshold (or one far above) until 36 in a row are below it; HostAnomalyDetected fires while any is.',
            unit: 'short',
            w: 24,
            h: 6,
            mappings: upDown('anomalous', 'normal', ['orange', 'green']),
            queries: [{ expr: `vigil_anomaly{${HOST}}`, legend: '{{signal}} ({{method}})' }],
          }),
        ],
      },
      {
        title: 'z-scores',
        panels: [
          timeSeries({
            title: 'z-scores',
            description:
              "Standard deviations from the past hour's mean; beyond ±3 for 5 minutes, an anomaly alert fires. Absent while a signal is flat.",
            unit: 'short',
            w: 24,
            queries: [
              { expr: `instance:node_cpu_utilisation:zscore_1h{${HOST}}`, legend: 'CPU' },
              { expr: `instance:node_memory_utilisation:zscore_1h{${HOST}}`, legend: 'memory' },
              {
                expr: `source_rule:vigil_log_matches:zscore_1h{${HOST}}`,
                legend: 'log {{source}} / {{rule}}',
              },
            ],
          }),
        ],
      },
    ],
  });
}
