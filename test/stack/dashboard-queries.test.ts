import { type ChildProcess, spawn } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { dashboards } from '../../grafana/src/generate.js';
import { type Dashboard, exprsOf } from '../helpers/grafana.js';
import { freePort, waitForHttp } from '../helpers/ports.js';
import { type RunningVigil, startVigil } from '../helpers/process.js';
import {
  eventually,
  fastRules,
  type RunningPrometheus,
  startPrometheus,
} from '../helpers/prometheus.js';
import { findTool } from '../helpers/tools.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const prometheusBinary = findTool('prometheus');
const nodeExporterBinary = findTool('prometheus-node-exporter', 'node_exporter');

/**
 * Queries that may rightly return nothing after a minute of data, with the reason. Every
 * other panel query, variable query and annotation must return data.
 */
const MAY_BE_EMPTY: Record<string, string> = {
  'anomalies.json: CPU and its 3-sigma band (past hour)':
    'the bands read a window that ends 5 minutes ago',
  'anomalies.json: CPU and its quantile band (past hour)':
    'the bands read a window that ends 5 minutes ago',
  'anomalies.json: CPU and its 3-sigma band (past day)':
    'the bands read a window that ends 5 minutes ago',
  'anomalies.json: Memory and its 3-sigma band (past hour)':
    'the bands read a window that ends 5 minutes ago',
  'anomalies.json: Memory and its 3-sigma band (past day)':
    'the bands read a window that ends 5 minutes ago',
  'anomalies.json: Matches of $rule and its 3-sigma band (past hour)':
    'the bands read a window that ends 5 minutes ago',
  'anomalies.json: z-scores': 'z-scores need the bands',
};

/** Queries that return data only once the bands exist: checked for the signal only. */
const BAND_QUERY = /(upper|lower)_band|zscore_/;

/** Variables as a user would pick them for the test's vigil (or node_exporter). */
function substitute(expr: string, instance: string, job = 'vigil'): string {
  return expr
    .replaceAll('$__rate_interval', '15s')
    .replaceAll('$job', job)
    .replaceAll('$instance', instance)
    .replaceAll('$group', '.*')
    .replaceAll('$source', 'app')
    .replaceAll('$rule', 'errors')
    .replaceAll('$metric', 'app_lines_total')
    .replaceAll('$target', '.*');
}

/** label_values(selector, label) as the PromQL Grafana runs for it. */
function asQuery(expr: string): string {
  const m = /^label_values\((.*),\s*(\w+)\)$/.exec(expr);
  return m ? `count by (${m[2]}) (${m[1]})` : expr;
}

describe.skipIf(!prometheusBinary || !nodeExporterBinary)(
  'every dashboard query against Prometheus scraping a real vigil, with the shipped rules',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-dashboards-'));
    let api: Server;
    let vigil: RunningVigil;
    let prometheus: RunningPrometheus;
    let watched: ChildProcess;
    let nodeExporter: ChildProcess;
    let instance = '';
    let nodeInstance = '';

    beforeAll(async () => {
      // A business API, a watched process, a log with matching lines.
      api = createServer((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ queue: { pending: 7 } }));
      });
      await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
      const apiPort = (api.address() as AddressInfo).port;
      copyFileSync('/bin/sleep', join(dir, 'vigil-dash-wd'));
      watched = spawn(join(dir, 'vigil-dash-wd'), ['600'], { stdio: 'ignore' });
      writeFileSync(join(dir, 'app.log'), 'level=INFO start\nlevel=ERROR boom\n');
      const closed = await freePort();
      writeFileSync(
        join(dir, 'vigil.yml'),
        stringify({
          processes: {
            groups: [
              { name: 'watched', comm: ['vigil-dash-wd'], min_count: 1 },
              { name: '{{comm}}', cmdline: ['.'] },
            ],
          },
          ports: {
            expected: [
              { name: 'api', port: apiPort },
              { name: 'nothing', port: closed },
            ],
            probes: [{ name: 'api', target: `127.0.0.1:${apiPort}` }],
          },
          logs: {
            positions_file: '',
            sources: [
              {
                name: 'app',
                paths: [join(dir, '*.log')],
                start_at: 'beginning',
                rules: [
                  { name: 'errors', match: 'ERROR', metric: 'app_errors_total' },
                  {
                    name: 'level',
                    match: 'level=(?P<level>[A-Z]+)',
                    metric: 'app_lines_total',
                    labels: ['level'],
                  },
                ],
              },
            ],
          },
          // Fast enough that the anomaly models are trained within the test.
          collectors: {
            anomaly: { interval: '100ms', min_history: '3s', history: '1m', train_every: '5s' },
          },
          apis: [
            {
              name: 'orders',
              url: `http://127.0.0.1:${apiPort}/stats`,
              metrics: [{ name: 'orders_pending', path: '$.queue.pending' }],
            },
          ],
        }),
      );
      vigil = await startVigil([`--config.file=${join(dir, 'vigil.yml')}`]);
      instance = vigil.url.replace('http://', '');
      // node_exporter with its defaults, for the host dashboard.
      const nodePort = await freePort();
      nodeInstance = `127.0.0.1:${nodePort}`;
      nodeExporter = spawn(nodeExporterBinary as string, [`--web.listen-address=${nodeInstance}`], {
        stdio: 'ignore',
      });
      await waitForHttp(`http://${nodeInstance}/metrics`);

      const rules = fastRules('1s');
      const config = parse(readFileSync(join(root, 'prometheus.yml'), 'utf8'));
      config.global = { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' };
      config.alerting = undefined;
      config.rule_files = Object.keys(rules);
      config.scrape_configs = [
        { job_name: 'vigil', static_configs: [{ targets: [instance] }] },
        { job_name: 'node', static_configs: [{ targets: [nodeInstance] }] },
      ];
      prometheus = await startPrometheus(prometheusBinary as string, stringify(config), {
        files: rules,
      });
      // Rates need two samples inside their window, and the recording rules a few rounds.
      await eventually(
        async () => {
          appendFileSync(join(dir, 'app.log'), 'level=ERROR again\n');
          const r = await prometheus.query('source_rule:vigil_log_matches:ewma');
          return r.length > 0 ? true : undefined;
        },
        60_000,
        'the recording rules to have data',
      );
      // ExpectedPortClosed, for the firing-alerts annotation.
      await eventually(
        async () =>
          (await prometheus.query('ALERTS{alertstate="firing"}')).length > 0 ? true : undefined,
        30_000,
        'an alert to fire',
      );
    }, 120_000);

    afterAll(async () => {
      watched?.kill('SIGKILL');
      nodeExporter?.kill();
      await prometheus?.stop();
      await vigil?.stop();
      await new Promise((r) => api?.close(r));
      rmSync(dir, { recursive: true, force: true });
    });

    /** The queries of a dashboard that return nothing and may not; a refused query throws. */
    const emptyQueries = async (name: string, d: Dashboard, target: string, job?: string) => {
      const empty: string[] = [];
      for (const { where, expr } of exprsOf(d, name)) {
        // No alert fires for node_exporter here.
        if (job && where.includes('annotation')) continue;
        const query = asQuery(substitute(expr, target, job));
        if ((await prometheus.query(query)).length > 0) continue;
        // Only the band queries of those panels: the signal and its EWMA must be there.
        if (MAY_BE_EMPTY[where] && BAND_QUERY.test(expr)) continue;
        empty.push(`${where}: ${query}`);
      }
      return empty;
    };

    /** A stack a few seconds old may still lack a rate's second sample: give it time. */
    const expectData = async (name: string, d: Dashboard, target: string, job?: string) => {
      await eventually(
        async () => ((await emptyQueries(name, d, target, job)).length === 0 ? true : undefined),
        20_000,
      ).catch(() => {});
      expect(await emptyQueries(name, d, target, job)).toEqual([]);
    };

    it.each(Object.entries(dashboards()))('%s: every query runs and returns data', (name, d) =>
      expectData(name, d as unknown as Dashboard, instance),
    );

    it('answers every host query from node_exporter as well', () =>
      expectData(
        'host.json',
        dashboards()['host.json'] as unknown as Dashboard,
        nodeInstance,
        'node',
      ));
  },
);
