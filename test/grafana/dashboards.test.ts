import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DATASOURCE_UID } from '../../grafana/src/dashboard.js';
import { dashboards, render } from '../../grafana/src/generate.js';
import { DATASOURCE } from '../../grafana/src/panels.js';
import { type Dashboard, exprsOf, type Panel, panelsOf } from '../helpers/grafana.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const generated = dashboards();
const committed = Object.fromEntries(
  readdirSync(`${root}grafana/dashboards`)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [
      f,
      JSON.parse(readFileSync(`${root}grafana/dashboards/${f}`, 'utf8')) as Dashboard,
    ]),
);

describe('grafana/dashboards/', () => {
  it('is exactly what grafana/src generates (run npm run dashboards after a change)', () => {
    expect(Object.keys(committed).sort()).toEqual(Object.keys(generated).sort());
    for (const [name, d] of Object.entries(generated))
      expect(readFileSync(`${root}grafana/dashboards/${name}`, 'utf8'), name).toBe(render(d));
  });

  it('has unique uids and titles', () => {
    const all = Object.values(committed);
    expect(new Set(all.map((d) => d.uid)).size).toBe(all.length);
    expect(new Set(all.map((d) => d.title)).size).toBe(all.length);
  });

  describe.each(Object.entries(committed))('%s', (name, d) => {
    const panels = panelsOf(d).filter((p) => p.type !== 'row');

    it('has a datasource variable, and job and instance variables on it', () => {
      const vars = d.templating.list;
      const ds = vars.find((v) => v.name === 'datasource');
      expect(ds?.type).toBe('datasource');
      expect(ds?.query).toBe('prometheus');
      for (const v of ['job', 'instance'])
        expect(vars.find((x) => x.name === v)?.datasource?.uid, `${name}: $${v}`).toBe(
          DATASOURCE.uid,
        );
    });

    it('gives every panel and query the datasource variable, a unit and a description', () => {
      for (const p of panels) {
        const where = `${name}: ${p.title}`;
        expect(p.datasource?.uid, where).toBe(DATASOURCE.uid);
        for (const t of p.targets ?? []) expect(t.datasource?.uid, where).toBe(DATASOURCE.uid);
        expect(p.fieldConfig?.defaults?.unit, where).toBeTruthy();
        expect(p.description?.length, where).toBeGreaterThan(10);
        expect(p.targets?.length, where).toBeGreaterThan(0);
      }
    });

    it('uses $__rate_interval in every rate, and selects job and instance in every selector', () => {
      for (const { where, expr } of exprsOf(d, name)) {
        for (const range of expr.matchAll(/\b(?:rate|irate|increase)\([^[]*\[([^\]]+)\]/g))
          expect(range[1], `${where}: ${expr}`).toBe('$__rate_interval');
        for (const selector of expr.matchAll(/\{([^}]*)\}/g)) {
          if (selector[1]?.includes('{{')) continue; // legend template, not a selector
          expect(selector[1], `${where}: ${expr}`).toContain('job="$job"');
          if (!where.endsWith('$instance'))
            // the instance variable lists the job's instances
            expect(selector[1], `${where}: ${expr}`).toContain('instance="$instance"');
        }
      }
    });

    it('has unique panel ids and panels that neither overlap nor leave the 24-column grid', () => {
      const all = panelsOf(d);
      const ids = all.map((p) => p.id);
      expect(new Set(ids).size, name).toBe(ids.length);
      const boxes = all.map((p) => ({ title: p.title, ...(p.gridPos as Panel['gridPos'] & {}) }));
      for (const b of boxes) {
        expect(b.x + b.w, `${name}: ${b.title}`).toBeLessThanOrEqual(24);
        expect(b.w * b.h, `${name}: ${b.title}`).toBeGreaterThan(0);
      }
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i] as (typeof boxes)[number];
          const b = boxes[j] as (typeof boxes)[number];
          const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
          expect(overlap, `${name}: "${a.title}" overlaps "${b.title}"`).toBe(false);
        }
    });
  });
});

describe('grafana/provisioning/', () => {
  const datasources = parse(
    readFileSync(`${root}grafana/provisioning/datasources/vigil.yml`, 'utf8'),
  );
  const providers = parse(readFileSync(`${root}grafana/provisioning/dashboards/vigil.yml`, 'utf8'));
  const prometheus = parse(readFileSync(`${root}prometheus.yml`, 'utf8'));

  it('provisions the Prometheus data source the dashboards default to', () => {
    expect(datasources.apiVersion).toBe(1);
    expect(datasources.datasources).toHaveLength(1);
    const ds = datasources.datasources[0];
    expect(ds).toMatchObject({ type: 'prometheus', uid: DATASOURCE_UID, access: 'proxy' });
    expect(ds.isDefault).toBe(true);
    expect(new URL(ds.url).protocol).toMatch(/^https?:$/);
    for (const d of Object.values(committed)) {
      const v = d.templating.list.find((x) => x.name === 'datasource');
      expect(v?.current?.value, d.uid).toBe(DATASOURCE_UID);
    }
  });

  it("sets the data source's timeInterval to prometheus.yml's scrape interval", () => {
    expect(datasources.datasources[0].jsonData.timeInterval).toBe(
      prometheus.global.scrape_interval,
    );
  });

  it('loads the dashboard files into a folder from a file provider', () => {
    expect(providers.apiVersion).toBe(1);
    expect(providers.providers).toHaveLength(1);
    const p = providers.providers[0];
    expect(p).toMatchObject({ type: 'file', folder: 'vigil' });
    expect(p.options.path).toMatch(/^\//);
    expect(p.allowUiUpdates).toBe(false);
  });
});
