import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { DEFAULT_COLLECTORS } from '../helpers/collectors.js';
import { type RunningVigil, startVigil } from '../helpers/process.js';
import { eventually, type RunningPrometheus, startPrometheus } from '../helpers/prometheus.js';
import { findTool } from '../helpers/tools.js';

const prometheusBinary = findTool('prometheus');

interface ScrapeConfig {
  job_name: string;
  scrape_interval?: string;
  static_configs: Array<{ targets: string[] }>;
}

describe.skipIf(!prometheusBinary)('the shipped prometheus.yml scraping a real vigil', () => {
  let vigil: RunningVigil;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    vigil = await startVigil([]);
    const config = parse(readFileSync(new URL('../../prometheus.yml', import.meta.url), 'utf8'));
    // Same file, pointed at this test's vigil and scraping fast enough for a test.
    config.global.scrape_interval = '1s';
    config.global.scrape_timeout = '1s';
    config.alerting = undefined;
    config.rule_files = [];
    const job = (config.scrape_configs as ScrapeConfig[]).find((j) => j.job_name === 'vigil');
    if (!job) throw new Error('prometheus.yml has no vigil job');
    job.static_configs = [{ targets: [vigil.url.replace('http://', '')] }];
    config.scrape_configs = [job];
    prometheus = await startPrometheus(prometheusBinary as string, stringify(config));
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await vigil?.stop();
  });

  it('scrapes vigil successfully, every collector reporting success', async () => {
    await eventually(async () => {
      const up = await prometheus.query('up{job="vigil"}');
      return up[0]?.value[1] === '1' ? true : undefined;
    });
    const failing = await prometheus.query('vigil_scrape_collector_success{job="vigil"} == 0');
    expect(failing).toEqual([]);
    const collectors = await prometheus.query('vigil_scrape_collector_success{job="vigil"}');
    expect(collectors.map((c) => c.metric.collector).sort()).toEqual(DEFAULT_COLLECTORS);
  });

  it('answers the queries node_exporter dashboards ask', async () => {
    // rate() extrapolates only half an interval past a series' first sample: wait until the
    // window is full of samples before reading it.
    await eventually(async () => {
      const r = await prometheus.query(
        'count_over_time(node_cpu_seconds_total{job="vigil",cpu="0",mode="idle"}[5s])',
      );
      return Number(r[0]?.value[1]) >= 5 ? true : undefined;
    });
    const rate = await prometheus.query(
      'sum by (instance) (rate(node_cpu_seconds_total{job="vigil"}[5s]))',
    );
    const cpu = Number(rate[0]?.value[1]);
    // Each CPU contributes one second of CPU time per second across its modes.
    const cpus = await prometheus.query(
      'count(count by (cpu) (node_cpu_seconds_total{job="vigil"}))',
    );
    expect(cpu).toBeGreaterThan(Number(cpus[0]?.value[1]) * 0.8);
    expect(cpu).toBeLessThan(Number(cpus[0]?.value[1]) * 1.2);
    const mem = await prometheus.query(
      'node_memory_MemAvailable_bytes{job="vigil"} / node_memory_MemTotal_bytes{job="vigil"}',
    );
    expect(Number(mem[0]?.value[1])).toBeGreaterThan(0);
    expect(Number(mem[0]?.value[1])).toBeLessThanOrEqual(1);
    const root = await prometheus.query('node_filesystem_avail_bytes{job="vigil",mountpoint="/"}');
    expect(root.length).toBe(1);
  });
});
