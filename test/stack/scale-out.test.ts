import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type RunningVigil, startVigil } from '../helpers/process.js';
import {
  eventually,
  type RunningPrometheus,
  startPrometheus,
  startVictoriaMetrics,
} from '../helpers/prometheus.js';
import { findTool } from '../helpers/tools.js';

const prometheusBinary = findTool('prometheus');
const victoriaMetrics = findTool('victoria-metrics');

/** Three hosts, as three vigils on loopback aliases. */
const HOSTS = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];

/**
 * The scale-out path of docs/scale-out.md, for real: Prometheus finds the vigils through
 * file_sd and remote-writes what it scrapes to VictoriaMetrics, which then answers for every
 * instance.
 */
describe.skipIf(!prometheusBinary || !victoriaMetrics)(
  'three vigils through file_sd, Prometheus remote-writing to VictoriaMetrics',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-scale-'));
    const vigils: RunningVigil[] = [];
    let vm: RunningPrometheus;
    let prometheus: RunningPrometheus;

    beforeAll(async () => {
      for (const host of HOSTS)
        vigils.push(
          await startVigil(
            ['--collector.disable-defaults', '--collector.loadavg', '--collector.meminfo'],
            host,
          ),
        );
      vm = await startVictoriaMetrics(victoriaMetrics as string, join(dir, 'vm'));
      const targets = join(dir, 'targets.json');
      writeFileSync(
        targets,
        JSON.stringify([
          { targets: vigils.map((v) => v.url.replace('http://', '')), labels: { env: 'test' } },
        ]),
      );
      prometheus = await startPrometheus(
        prometheusBinary as string,
        stringify({
          global: { scrape_interval: '1s', scrape_timeout: '1s' },
          scrape_configs: [
            { job_name: 'vigil', file_sd_configs: [{ files: [targets], refresh_interval: '5s' }] },
          ],
          remote_write: [
            { url: `${vm.url}/api/v1/write`, queue_config: { batch_send_deadline: '1s' } },
          ],
        }),
      );
    }, 90_000);

    afterAll(async () => {
      await prometheus?.stop();
      await vm?.stop();
      for (const v of vigils) await v.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("answers from VictoriaMetrics for each instance's series", async () => {
      const instances = await eventually(
        async () => {
          const result = await vm.query('count by (instance) (node_load1{job="vigil",env="test"})');
          const found = result.map((r) => r.metric.instance as string).sort();
          return found.length === HOSTS.length ? found : undefined;
        },
        60_000,
        'all three instances in VictoriaMetrics',
      );
      expect(instances).toEqual(vigils.map((v) => v.url.replace('http://', '')).sort());
      for (const host of HOSTS) expect(instances.some((i) => i.startsWith(`${host}:`))).toBe(true);
    });
  },
);
