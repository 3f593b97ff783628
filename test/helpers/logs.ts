import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import type { VigilConfig } from '../../exporter/config/schema.js';
import { eventually } from './eventually.js';
import { parseExposition, sampleValue } from './exposition.js';
import { startTestServer, type TestServer } from './server.js';

export type Scrape = ReturnType<typeof parseExposition>;

/**
 * A temporary directory and exporters running only the logs collector, made afresh for each
 * test and removed after it.
 */
export function logTestBed(prefix: string) {
  let dir = '';
  let servers: TestServer[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    /** The test's directory, or a path in it. */
    path: (...parts: string[]) => join(dir, ...parts),
    async start(config: VigilConfig): Promise<TestServer> {
      const server = await startTestServer({
        collectors: ['logs'],
        config,
        exporterMetrics: false,
      });
      servers.push(server);
      return server;
    },
    /** Stop an exporter; its positions are saved as it stops. */
    async stop(server: TestServer): Promise<void> {
      servers = servers.filter((s) => s !== server);
      await server.close();
    },
  };
}

export async function scrape(server: TestServer): Promise<Scrape> {
  return parseExposition(await (await fetch(`${server.url}/metrics`)).text());
}

/**
 * Wait until `source` has read exactly `n` lines (or journal entries), then wait `settleMs`
 * more and check that none was counted twice.
 */
export async function expectSourceLines(
  server: TestServer,
  source: string,
  n: number,
  settleMs = 600,
): Promise<Scrape> {
  const count = async () => sampleValue(await scrape(server), 'vigil_log_lines_total', { source });
  await eventually(
    async () => ((await count()) === n ? true : undefined),
    15_000,
    `exactly ${n} lines of source ${source}`,
  );
  await new Promise((r) => setTimeout(r, settleMs));
  const m = await scrape(server);
  expect(sampleValue(m, 'vigil_log_lines_total', { source })).toBe(n);
  return m;
}

/** Wait until a counter of `source` reaches at least `n`. */
export async function awaitCount(
  server: TestServer,
  metric: string,
  source: string,
  n = 1,
): Promise<void> {
  await eventually(
    async () =>
      (sampleValue(await scrape(server), metric, { source }) ?? 0) >= n ? true : undefined,
    10_000,
    `${metric}{source="${source}"} >= ${n}`,
  );
}

/** `n` numbered log lines. */
export const logLines = (n: number, text = 'level=INFO ok') =>
  Array.from({ length: n }, (_, i) => `${text} ${i}\n`).join('');
