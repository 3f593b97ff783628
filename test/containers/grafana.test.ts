/**
 * Grafana itself, from the official image, provisioned from grafana/: every dashboard loads
 * through its HTTP API and every panel query returns data through the provisioned data
 * source. Needs a Docker engine: run with `npm run test:containers` (not part of `npm test`,
 * whose machines have none; the same queries run against Prometheus directly there).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { containerEngine, type RunningContainer, startImage } from '../helpers/containers.js';
import { type Dashboard, panelsOf } from '../helpers/grafana.js';
import { type RunningVigil, startVigil } from '../helpers/process.js';
import {
  eventually,
  type RunningPrometheus,
  startPrometheusContainer,
} from '../helpers/prometheus.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const engine = await containerEngine();
const GRAFANA_IMAGE = 'grafana/grafana:12.2.0';

describe.runIf(engine)('Grafana provisioned from grafana/', () => {
  let vigil: RunningVigil;
  let prometheus: RunningPrometheus;
  let grafana: RunningContainer;
  let api = '';
  const dashboardFiles = readdirSync(`${root}grafana/dashboards`).filter((f) =>
    f.endsWith('.json'),
  );

  beforeAll(async () => {
    vigil = await startVigil([]);
    const instance = vigil.url.replace('http://', '');
    prometheus = await startPrometheusContainer(
      stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: [{ job_name: 'vigil', static_configs: [{ targets: [instance] }] }],
      }),
    );
    const datasources = parse(
      readFileSync(`${root}grafana/provisioning/datasources/vigil.yml`, 'utf8'),
    );
    datasources.datasources[0].url = prometheus.url;
    const files: Record<string, string> = {
      '/etc/grafana/provisioning/datasources/vigil.yml': stringify(datasources),
      '/etc/grafana/provisioning/dashboards/vigil.yml': readFileSync(
        `${root}grafana/provisioning/dashboards/vigil.yml`,
        'utf8',
      ),
    };
    for (const f of dashboardFiles)
      files[`dashboards/vigil/${f}`] = readFileSync(`${root}grafana/dashboards/${f}`, 'utf8');
    grafana = await startImage(
      GRAFANA_IMAGE,
      '/var/lib/grafana',
      files,
      (port) => [
        `cfg:server.http_addr=127.0.0.1`,
        `cfg:server.http_port=${port}`,
        'cfg:auth.anonymous.enabled=true',
        'cfg:auth.anonymous.org_role=Admin',
      ],
      '/api/health',
    );
    api = `http://${grafana.address}/api`;
    await eventually(async () => {
      const up = await prometheus.query('rate(process_cpu_seconds_total{job="vigil"}[10s])');
      return up.length > 0 ? true : undefined;
    }, 60_000);
  }, 300_000);

  afterAll(async () => {
    await grafana?.stop();
    await prometheus?.stop();
    await vigil?.stop();
  });

  it('loads every dashboard into the vigil folder', async () => {
    const found = (await (await fetch(`${api}/search?type=dash-db`)).json()) as Array<{
      uid: string;
      folderTitle?: string;
    }>;
    for (const f of dashboardFiles) {
      const { uid } = JSON.parse(readFileSync(`${root}grafana/dashboards/${f}`, 'utf8'));
      expect(found.find((d) => d.uid === uid)?.folderTitle, f).toBe('vigil');
      expect((await fetch(`${api}/dashboards/uid/${uid}`)).status, f).toBe(200);
    }
  });

  it('runs the vigil health dashboard queries through the provisioned data source', async () => {
    const d = JSON.parse(
      readFileSync(`${root}grafana/dashboards/health.json`, 'utf8'),
    ) as Dashboard;
    const instance = vigil.url.replace('http://', '');
    const empty: string[] = [];
    for (const p of panelsOf(d)) {
      for (const t of p.targets ?? []) {
        const expr = t.expr
          .replaceAll('$job', 'vigil')
          .replaceAll('$instance', instance)
          .replaceAll('$__rate_interval', '10s');
        const res = await fetch(`${api}/ds/query`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            from: 'now-5m',
            to: 'now',
            queries: [
              { refId: 'A', datasource: { type: 'prometheus', uid: 'vigil-prometheus' }, expr },
            ],
          }),
        });
        const body = (await res.json()) as {
          results: { A: { frames?: Array<{ data?: { values?: unknown[][] } }> } };
        };
        const rows = (body.results.A.frames ?? []).flatMap((f) => f.data?.values?.[0] ?? []);
        if (rows.length === 0) empty.push(`${p.title}: ${expr}`);
      }
    }
    expect(empty).toEqual([]);
  });
});
