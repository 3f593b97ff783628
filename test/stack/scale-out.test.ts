import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { freePort, waitForHttp } from '../helpers/ports.js';
import { type RunningVigil, startVigil } from '../helpers/process.js';
import { eventually, type RunningPrometheus, startPrometheus } from '../helpers/prometheus.js';
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
    let vm: ChildProcess;
    let vmUrl = '';
    let prometheus: RunningPrometheus;

    beforeAll(async () => {
      for (const host of HOSTS)
        vigils.push(
          await startVigil(
            ['--collector.disable-defaults', '--collector.loadavg', '--collector.meminfo'],
            host,
          ),
        );
      const port = await freePort();
      vmUrl = `http://127.0.0.1:${port}`;
      vm = spawn(
        victoriaMetrics as string,
        [
          `-httpListenAddr=127.0.0.1:${port}`,
          `-storageDataPath=${join(dir, 'vm')}`,
          '-retentionPeriod=1d',
          // Answer with samples as soon as they arrive (the default waits 30s).
          '-search.latencyOffset=0s',
          '-loggerLevel=ERROR',
        ],
        { stdio: 'ignore' },
      );
      await waitForHttp(`${vmUrl}/health`, 30_000);
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
            { url: `${vmUrl}/api/v1/write`, queue_config: { batch_send_deadline: '1s' } },
          ],
        }),
      );
    }, 90_000);

    afterAll(async () => {
      await prometheus?.stop();
      // VictoriaMetrics writes its cache until it exits: wait before removing its directory.
      if (vm && vm.exitCode === null) {
        const exited = new Promise((r) => vm.once('exit', r));
        vm.kill();
        await exited;
      }
      for (const v of vigils) await v.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("answers from VictoriaMetrics for each instance's series", async () => {
      const instances = await eventually(
        async () => {
          const res = await fetch(
            `${vmUrl}/api/v1/query?query=${encodeURIComponent('count by (instance) (node_load1{job="vigil",env="test"})')}`,
          );
          const body = (await res.json()) as {
            data: { result: Array<{ metric: { instance: string } }> };
          };
          const found = body.data.result.map((r) => r.metric.instance).sort();
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
