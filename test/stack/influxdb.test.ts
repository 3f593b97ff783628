import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type RunningInfluxdb, startInfluxdb } from '../helpers/influxdb.js';
import { type RunningVigil, startVigil } from '../helpers/process.js';
import { eventually, type RunningPrometheus, startPrometheus } from '../helpers/prometheus.js';
import { findTool } from '../helpers/tools.js';

const prometheusBinary = findTool('prometheus');
const influxd = findTool('influxd');

const DB = 'vigil';

/**
 * The InfluxDB path of docs/deployment.md, for real: Prometheus scrapes vigil and
 * remote-writes to InfluxDB 1.x, where each metric is a measurement with a `value` field and
 * its labels as tags, queried with InfluxQL.
 */
describe.skipIf(!prometheusBinary || !influxd)(
  'Prometheus remote-writing vigil to InfluxDB 1.x',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-influx-'));
    const log = join(dir, 'app.log');
    let influx: RunningInfluxdb;
    let vigil: RunningVigil;
    let prometheus: RunningPrometheus;

    /** The last value of each series the query returns, by the tag `tag`. */
    async function lastBy(q: string, tag: string): Promise<Record<string, number>> {
      const out: Record<string, number> = {};
      for (const s of await influx.query(DB, q))
        out[s.tags?.[tag] ?? ''] = (s.values[0] as [string, number])[1];
      return out;
    }

    beforeAll(async () => {
      writeFileSync(log, '');
      writeFileSync(
        join(dir, 'vigil.yml'),
        stringify({
          logs: {
            positions_file: join(dir, 'positions.json'),
            sources: [
              {
                name: 'app',
                paths: [log],
                start_at: 'beginning',
                rules: [
                  {
                    name: 'by_level',
                    match: 'level=(?P<level>[A-Z]+)',
                    metric: 'app_log_lines_total',
                    labels: ['level'],
                  },
                ],
              },
            ],
          },
        }),
      );
      influx = await startInfluxdb(influxd as string, [DB]);
      vigil = await startVigil([
        '--collector.disable-defaults',
        '--collector.cpu',
        '--collector.logs',
        `--config.file=${join(dir, 'vigil.yml')}`,
      ]);
      prometheus = await startPrometheus(
        prometheusBinary as string,
        stringify({
          global: { scrape_interval: '1s', scrape_timeout: '1s' },
          scrape_configs: [
            {
              job_name: 'vigil',
              static_configs: [{ targets: [vigil.url.replace('http://', '')] }],
            },
          ],
          remote_write: [
            {
              url: `${influx.url}/api/v1/prom/write?db=${DB}`,
              queue_config: { batch_send_deadline: '1s' },
            },
          ],
        }),
      );
    }, 60_000);

    afterAll(async () => {
      await prometheus?.stop();
      await vigil?.stop();
      await influx?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('stores each metric as a measurement with a value field and its labels as tags', async () => {
      const tags = await eventually(
        async () => {
          const series = await influx.query(DB, 'SHOW TAG KEYS FROM "node_cpu_seconds_total"');
          return series.length ? series[0]?.values.map((v) => v[0]) : undefined;
        },
        30_000,
        'node_cpu_seconds_total in InfluxDB',
      );
      expect(tags).toEqual(expect.arrayContaining(['cpu', 'mode', 'instance', 'job']));
      const fields = await influx.query(DB, 'SHOW FIELD KEYS FROM "node_cpu_seconds_total"');
      expect(fields[0]?.values).toEqual([['value', 'float']]);
    });

    it("answers InfluxQL for vigil's CPU seconds, per CPU, as vigil exposes them", async () => {
      const idle = await eventually(
        async () => {
          const byCpu = await lastBy(
            `SELECT last("value") FROM "node_cpu_seconds_total" WHERE "mode"='idle' AND "job"='vigil' GROUP BY "cpu"`,
            'cpu',
          );
          return Object.keys(byCpu).length ? byCpu : undefined;
        },
        30_000,
        'idle CPU seconds in InfluxDB',
      );
      const exposed = await (await fetch(`${vigil.url}/metrics`)).text();
      const cpus = [
        ...exposed.matchAll(/^node_cpu_seconds_total\{cpu="(\d+)",mode="idle"\} (\S+)$/gm),
      ];
      expect(Object.keys(idle).sort()).toEqual(cpus.map((m) => m[1]).sort());
      for (const [, cpu, value] of cpus) {
        // Stored from an earlier scrape: positive, and not above what vigil says now.
        expect(idle[cpu as string]).toBeGreaterThan(0);
        expect(idle[cpu as string]).toBeLessThanOrEqual(Number(value));
      }
    });

    it('answers InfluxQL for a log rule counter with the counts of the lines appended', async () => {
      appendFileSync(log, 'level=ERROR disk full\nlevel=INFO ok\nlevel=ERROR again\n');
      const q = `SELECT last("value") FROM "app_log_lines_total" WHERE "job"='vigil' GROUP BY "level"`;
      const wanted = { ERROR: 2, INFO: 1 };
      await eventually(
        async () => {
          const byLevel = await lastBy(q, 'level');
          return byLevel.ERROR === 2 && byLevel.INFO === 1 ? byLevel : undefined;
        },
        30_000,
        'the log counter in InfluxDB',
      );
      appendFileSync(log, 'level=ERROR third\n');
      const after = await eventually(
        async () => {
          const byLevel = await lastBy(q, 'level');
          return byLevel.ERROR === 3 ? byLevel : undefined;
        },
        30_000,
        'the counter after one more ERROR line',
      );
      expect(after).toEqual({ ...wanted, ERROR: 3 });
    }, 70_000);
  },
);
