import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForHttp } from './ports.js';
import { stopProcess } from './prometheus.js';

/** One series of an InfluxQL answer. */
export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

export interface RunningInfluxdb {
  url: string;
  /** An InfluxQL query over HTTP (`/query?db=…&q=…`); returns the first statement's series. */
  query(db: string, q: string): Promise<InfluxSeries[]>;
  stop(): Promise<void>;
}

/**
 * A real InfluxDB 1.x on loopback ports (HTTP and the RPC of backup/restore), with its meta,
 * data and WAL in a temporary directory, no other listener and no reporting; `databases` are
 * created before it is returned.
 */
export async function startInfluxdb(
  binary: string,
  databases: string[] = [],
): Promise<RunningInfluxdb> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-influxdb-'));
  const [http, rpc] = [await freePort(), await freePort()];
  const config = join(dir, 'influxdb.conf');
  await writeFile(
    config,
    [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${rpc}"`,
      '[meta]',
      `  dir = "${join(dir, 'meta')}"`,
      '[data]',
      `  dir = "${join(dir, 'data')}"`,
      `  wal-dir = "${join(dir, 'wal')}"`,
      '  query-log-enabled = false',
      '[monitor]',
      '  store-enabled = false',
      '[http]',
      `  bind-address = "127.0.0.1:${http}"`,
      '  log-enabled = false',
      '',
    ].join('\n'),
  );
  const child = spawn(binary, ['run', '-config', config], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${http}`;
  const stop = async () => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  const run = async (q: string, db?: string, method = 'GET') => {
    const params = new URLSearchParams({ q, ...(db ? { db } : {}) });
    const res = await fetch(`${url}/query?${params}`, { method });
    const body = (await res.json()) as {
      results?: Array<{ series?: InfluxSeries[]; error?: string }>;
      error?: string;
    };
    const result = body.results?.[0];
    const error = body.error ?? result?.error;
    if (!res.ok || error) throw new Error(`InfluxQL ${q}: ${error ?? res.status}`);
    return result?.series ?? [];
  };
  try {
    await waitForHttp(`${url}/ping`, 30_000);
    for (const db of databases) await run(`CREATE DATABASE "${db}"`, undefined, 'POST');
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, query: (db, q) => run(q, db), stop };
}
