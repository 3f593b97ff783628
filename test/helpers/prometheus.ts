import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { IMAGES, startImage } from './containers.js';
import { freePort, waitForHttp } from './ports.js';

export interface RunningPrometheus {
  url: string;
  /** Instant query; returns the result vector. */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  stop(): Promise<void>;
}

/**
 * A real Prometheus server on a loopback port, with its own temporary storage. `files` are
 * written beside its configuration (rule files named relative to it), `args` added to its
 * command line.
 */
export async function startPrometheus(
  binary: string,
  config: string,
  options: { files?: Record<string, string>; args?: string[] } = {},
): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, config);
  for (const [name, text] of Object.entries(options.files ?? {}))
    await writeFile(join(dir, name), text);
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...(options.args ?? []),
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/-/ready`, 30_000);
  return client(url, async () => {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    await rm(dir, { recursive: true, force: true });
  });
}

/** The same, from the official image (see containers.ts). */
export async function startPrometheusContainer(
  config: string,
  options: { files?: Record<string, string>; args?: string[] } = {},
): Promise<RunningPrometheus> {
  const running = await startImage(
    IMAGES.prometheus,
    '/etc/prometheus',
    { 'prometheus.yml': config, ...options.files },
    (port) => [
      '--config.file=/etc/prometheus/prometheus.yml',
      '--storage.tsdb.path=/prometheus',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...(options.args ?? []),
    ],
    '/-/ready',
  );
  return client(`http://${running.address}`, () => running.stop());
}

function client(url: string, stop: () => Promise<void>): RunningPrometheus {
  return {
    url,
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { status: string; data: { result: [] }; error?: string };
      if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`);
      return body.data.result;
    },
    stop,
  };
}

export { eventually } from './eventually.js';

/**
 * The shipped rule files of alert-rules/, by name, with every group evaluated each second
 * and every `for` shortened to `forDuration`: the same rules, on a test's time scale.
 */
export function fastRules(forDuration: string): Record<string, string> {
  const dir = fileURLToPath(new URL('../../alert-rules/', import.meta.url));
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yml'))) {
    const doc = parse(readFileSync(join(dir, name), 'utf8'));
    for (const group of doc.groups as Array<{
      interval?: string;
      rules: Array<{ for?: string }>;
    }>) {
      group.interval = '1s';
      for (const rule of group.rules) if (rule.for) rule.for = forDuration;
    }
    files[name] = stringify(doc);
  }
  return files;
}
