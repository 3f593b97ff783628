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
  /** Instant query, at `time` (Unix seconds) if given; returns the result vector. */
  query(
    expr: string,
    time?: number,
  ): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** Written beside the configuration (rule files are named relative to it). */
  files?: Record<string, string>;
  /** Added to the command line. */
  args?: string[];
  /** Agent mode: scrape and remote-write only, from a WAL (`--enable-feature=agent`). */
  agent?: boolean;
  /** The loopback port to listen on; a free one by default. */
  port?: number;
  /** A data directory the caller owns (kept at stop, so a restart finds its data). */
  storage?: string;
}

/**
 * A real Prometheus server on a loopback port, with its own temporary storage unless
 * `storage` is given.
 */
export async function startPrometheus(
  binary: string,
  config: string,
  options: PrometheusOptions = {},
): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, config);
  for (const [name, text] of Object.entries(options.files ?? {}))
    await writeFile(join(dir, name), text);
  const port = options.port ?? (await freePort());
  const storage = options.storage ?? join(dir, 'data');
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      ...(options.agent
        ? ['--enable-feature=agent', `--storage.agent.path=${storage}`]
        : [`--storage.tsdb.path=${storage}`]),
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...(options.args ?? []),
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  await waitForHttp(`${url}/-/ready`, 30_000).catch(async (err) => {
    await stop();
    throw err;
  });
  return client(url, stop);
}

/**
 * A real single-node VictoriaMetrics on a loopback port; it answers Prometheus' query API and
 * takes remote write at `/api/v1/write`. Its data stays in `storage` (the caller's).
 */
export async function startVictoriaMetrics(
  binary: string,
  storage: string,
  options: { port?: number } = {},
): Promise<RunningPrometheus> {
  const port = options.port ?? (await freePort());
  const child = spawn(
    binary,
    [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${storage}`,
      '-retentionPeriod=1d',
      // Answer with samples as soon as they arrive (the default waits 30s), and do not cache
      // answers: samples that arrive late (after an outage) must show at once.
      '-search.latencyOffset=0s',
      '-search.disableCache',
      '-loggerLevel=ERROR',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  // VictoriaMetrics writes its caches until it exits: stop waits for the exit.
  const stop = () => stopProcess(child);
  await waitForHttp(`${url}/health`, 30_000).catch(async (err) => {
    await stop();
    throw err;
  });
  return client(url, stop);
}

/** SIGTERM a child and wait for its exit (SIGKILL after `graceMs`). */
export function stopProcess(child: ChildProcess, graceMs = 15_000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The same, from the official image (see containers.ts). */
export async function startPrometheusContainer(
  config: string,
  options: Pick<PrometheusOptions, 'files' | 'args'> = {},
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
    async query(expr, time) {
      const at = time === undefined ? '' : `&time=${time}`;
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}${at}`);
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
