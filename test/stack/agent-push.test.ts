import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { freePort } from '../helpers/ports.js';
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

const HOST = 'edge-1';
const SCRAPE_SECONDS = 1;
const OUTAGE_MS = 20_000;

interface Receiver {
  name: string;
  writePath: string;
  start(): Promise<RunningPrometheus>;
  running?: RunningPrometheus;
}

/**
 * The push path of docs/deployment.md, for real: a Prometheus agent beside vigil scrapes it
 * and remote-writes to central receivers (a Prometheus with its remote-write receiver, and
 * VictoriaMetrics), the host named by an external label; through a receiver outage the agent
 * keeps the samples in its WAL and sends them once the receiver is back.
 */
describe.skipIf(!prometheusBinary || !victoriaMetrics)(
  'a Prometheus agent pushing vigil to central receivers',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-push-'));
    const receivers: Receiver[] = [];
    let vigil: RunningVigil;
    let agent: RunningPrometheus;

    /** Samples of vigil's `up` from this host in the receiver, in the `ms` before `at`. */
    async function upSamples(r: Receiver, ms: number, at: number): Promise<number | undefined> {
      const result = await (r.running as RunningPrometheus).query(
        `count_over_time(up{host="${HOST}",job="vigil"}[${ms}ms])`,
        at,
      );
      return result[0] ? Number(result[0].value[1]) : undefined;
    }

    beforeAll(async () => {
      const [promPort, vmPort] = [await freePort(), await freePort()];
      receivers.push(
        {
          name: 'Prometheus',
          writePath: `http://127.0.0.1:${promPort}/api/v1/write`,
          start: () =>
            startPrometheus(prometheusBinary as string, stringify({ global: {} }), {
              port: promPort,
              storage: join(dir, 'receiver-prometheus'),
              args: ['--web.enable-remote-write-receiver'],
            }),
        },
        {
          name: 'VictoriaMetrics',
          writePath: `http://127.0.0.1:${vmPort}/api/v1/write`,
          start: () =>
            startVictoriaMetrics(victoriaMetrics as string, join(dir, 'receiver-vm'), {
              port: vmPort,
            }),
        },
      );
      for (const r of receivers) r.running = await r.start();
      vigil = await startVigil(['--collector.disable-defaults', '--collector.loadavg']);
      agent = await startPrometheus(
        prometheusBinary as string,
        stringify({
          global: {
            scrape_interval: `${SCRAPE_SECONDS}s`,
            scrape_timeout: `${SCRAPE_SECONDS}s`,
            external_labels: { host: HOST },
          },
          scrape_configs: [
            {
              job_name: 'vigil',
              static_configs: [{ targets: [vigil.url.replace('http://', '')] }],
            },
          ],
          remote_write: receivers.map((r) => ({
            url: r.writePath,
            queue_config: { batch_send_deadline: '1s', max_backoff: '1s' },
          })),
        }),
        { agent: true },
      );
    }, 60_000);

    afterAll(async () => {
      await agent?.stop();
      await vigil?.stop();
      for (const r of receivers) await r.running?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("gives each receiver vigil's series under the host's external label", async () => {
      for (const r of receivers) {
        const load = await eventually(
          async () => {
            const result = await (r.running as RunningPrometheus).query(
              `node_load1{host="${HOST}",job="vigil"}`,
            );
            return result.length ? result : undefined;
          },
          30_000,
          `node_load1{host="${HOST}"} in ${r.name}`,
        );
        expect(load[0]?.metric.instance, r.name).toBe(vigil.url.replace('http://', ''));
        const up = await r.running?.query(`up{host="${HOST}",job="vigil"}`);
        expect(
          up?.map((s) => s.value[1]),
          r.name,
        ).toEqual(['1']);
      }
    });

    it('fills an outage of the receivers from the agent WAL once they are back', async () => {
      // Both receivers current, then both down for OUTAGE_MS while the agent scrapes on.
      for (const r of receivers)
        await eventually(
          async () => ((await upSamples(r, 2_000, Date.now() / 1000)) ?? 0) > 0 || undefined,
          15_000,
          `recent samples in ${r.name}`,
        );
      const down = Date.now();
      for (const r of receivers) await r.running?.stop();
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      for (const r of receivers) r.running = await r.start();
      const up = Date.now();
      const window = up - down;
      // One scrape per interval; each edge of the window may cut one scrape in or out.
      const expected = window / 1000 / SCRAPE_SECONDS;
      for (const r of receivers) {
        const count = await eventually(
          async () => {
            const n = await upSamples(r, window, up / 1000);
            return n !== undefined && n >= expected - 2 ? n : undefined;
          },
          30_000,
          `${r.name} holding the outage's samples (about ${expected.toFixed(1)})`,
        );
        expect(count, r.name).toBeGreaterThanOrEqual(Math.floor(expected) - 1);
        expect(count, r.name).toBeLessThanOrEqual(Math.ceil(expected) + 1);
      }
    }, 90_000);
  },
);
