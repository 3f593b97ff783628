import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGES, startImage } from './containers.js';
import { freePort, waitForHttp } from './ports.js';

export interface RunningAlertmanager {
  /** host:port, as Prometheus' alerting configuration names it. */
  address: string;
  stop(): Promise<void>;
}

/** A real Alertmanager on a loopback port, without clustering, with temporary storage. */
export async function startAlertmanager(
  binary: string,
  config: string,
): Promise<RunningAlertmanager> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-alertmanager-'));
  const configFile = join(dir, 'alertmanager.yml');
  await writeFile(configFile, config);
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: 'ignore' },
  );
  await waitForHttp(`http://127.0.0.1:${port}/-/ready`, 30_000);
  return {
    address: `127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The same, from the official image, with `files` (such as secrets) beside its config. */
export function startAlertmanagerContainer(
  config: string,
  files: Record<string, string> = {},
): Promise<RunningAlertmanager> {
  return startImage(
    IMAGES.alertmanager,
    '/etc/alertmanager',
    { 'alertmanager.yml': config, ...files },
    (port) => [
      '--config.file=/etc/alertmanager/alertmanager.yml',
      '--storage.path=/alertmanager',
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    '/-/ready',
  );
}

/** One notification as Alertmanager's webhook receiver sends it. */
export interface WebhookNotification {
  headers: IncomingHttpHeaders;
  body: {
    receiver: string;
    status: 'firing' | 'resolved';
    alerts: Array<{
      status: 'firing' | 'resolved';
      labels: Record<string, string>;
      annotations: Record<string, string>;
    }>;
  };
}

/** A loopback HTTP endpoint that records the webhook notifications it receives. */
export async function startWebhookReceiver(): Promise<{
  url: string;
  received: WebhookNotification[];
  stop(): Promise<void>;
}> {
  const received: WebhookNotification[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      try {
        received.push({ headers: req.headers, body: JSON.parse(body) });
      } catch {
        // Not JSON: not a notification.
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
