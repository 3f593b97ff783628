import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTORS } from '../../exporter/collectors/index.js';
import { defaultConfig } from '../../exporter/config/schema.js';
import { Exporter } from '../../exporter/core/exporter.js';
import { silentLogger } from '../../exporter/core/logger.js';
import { createApp } from '../../exporter/server/app.js';
import { liveSnapshot } from '../../exporter/server/live-snapshot.js';
import { LiveStream } from '../../exporter/server/live-stream.js';
import { listen, type RunningServer } from '../../exporter/server/server.js';
import { parseExposition, sampleValue } from '../helpers/exposition.js';
import { FIXTURE_PATHS, HOST_COLLECTORS, HOST_PATHS, startTestServer } from '../helpers/server.js';

describe('the live view snapshot', () => {
  it('carries the fixture host values that /metrics shows', async () => {
    const exporter = new Exporter({
      collectors: HOST_COLLECTORS,
      definitions: COLLECTORS,
      paths: FIXTURE_PATHS,
      config: defaultConfig(),
      logger: silentLogger,
    });
    const collected = await exporter.collect();
    const { families } = collected;
    const s = liveSnapshot(collected, 1000);
    const value = (name: string) =>
      families.find((f) => f.name === name)?.samples.reduce((n, x) => n + x.value, 0);
    expect(s.t).toBe(1000);
    expect(s.load).toEqual([value('node_load1'), value('node_load5'), value('node_load15')]);
    expect(s.memory?.total).toBe(value('node_memory_MemTotal_bytes'));
    expect(s.cpus).toBeGreaterThan(0);
    expect(Object.values(s.cpu).reduce((a, b) => a + b, 0)).toBeCloseTo(
      value('node_cpu_seconds_total') ?? -1,
    );
    expect(s.disk.read).toBe(value('node_disk_read_bytes_total'));
  });
});

describe('the live stream', () => {
  let exporter: Exporter;
  let live: LiveStream;
  let server: RunningServer;
  let url = '';
  let scrapes = 0;

  beforeAll(async () => {
    exporter = new Exporter({
      collectors: ['loadavg'],
      definitions: COLLECTORS,
      paths: HOST_PATHS,
      config: defaultConfig(),
      logger: silentLogger,
    });
    const collect = exporter.collect.bind(exporter);
    exporter.collect = (options) => {
      scrapes++;
      return collect(options);
    };
    live = new LiveStream(exporter, silentLogger);
    const app = createApp({
      exporter,
      telemetryPath: '/metrics',
      maxRequests: 40,
      logger: silentLogger,
      isReady: () => true,
      live,
    });
    server = await listen(app, { host: '127.0.0.1', port: 0 }, silentLogger);
    url = `http://127.0.0.1:${(server.address as AddressInfo).port}/live`;
  });

  afterAll(async () => {
    live.close();
    await server.close();
    await exporter.stop();
  });

  /** Open the stream, read `events` messages, and close it. */
  async function read(events: number): Promise<unknown[]> {
    const abort = new AbortController();
    const res = await fetch(url, { signal: abort.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const out: unknown[] = [];
    let buffer = '';
    while (out.length < events) {
      const { value } = await reader.read();
      buffer += new TextDecoder().decode(value);
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        out.push(JSON.parse(buffer.slice(0, i).replace(/^data: /, '')));
        buffer = buffer.slice(i + 2);
      }
    }
    abort.abort();
    return out;
  }

  it('sends a snapshot every two seconds while a page is open, and collects nothing after', async () => {
    expect(scrapes).toBe(0);
    const events = (await read(2)) as Array<{ t: number; load: number[] }>;
    expect(events[0]?.load).toHaveLength(3);
    expect((events[1]?.t ?? 0) - (events[0]?.t ?? 0)).toBeGreaterThanOrEqual(1_500);
    await new Promise((r) => setTimeout(r, 200));
    expect(live.size).toBe(0);
    const after = scrapes;
    await new Promise((r) => setTimeout(r, 4_500));
    expect(scrapes).toBe(after);
  }, 15_000);

  it('serves at most ten pages at once', async () => {
    const aborts = Array.from({ length: 10 }, () => new AbortController());
    await Promise.all(aborts.map((a) => fetch(url, { signal: a.signal })));
    expect(live.size).toBe(10);
    expect((await fetch(url)).status).toBe(503);
    for (const a of aborts) a.abort();
  });
});

describe('the exporter metrics while a live page is open', () => {
  it('keeps nodejs_eventloop_lag_* as "since the last scrape": the live view does not reset it', async () => {
    const server = await startTestServer({ collectors: ['loadavg'], live: true });
    const lag = async () =>
      sampleValue(
        parseExposition(await (await fetch(`${server.url}/metrics`)).text()),
        'nodejs_eventloop_lag_max_seconds',
      ) ?? -1;
    const abort = new AbortController();
    try {
      await lag();
      const page = await fetch(`${server.url}/live`, { signal: abort.signal });
      const reader = (page.body as ReadableStream<Uint8Array>).getReader();
      // Block this process's event loop (the server's too) for 300 ms.
      const until = performance.now() + 300;
      while (performance.now() < until) {}
      // Two snapshots: the live view collects twice after the delay.
      let text = '';
      while ((text.match(/\n\n/g) ?? []).length < 2) {
        text += new TextDecoder().decode((await reader.read()).value);
      }
      await new Promise((r) => setTimeout(r, 2_100));
      expect(await lag()).toBeGreaterThanOrEqual(0.25);
      // The scrape itself resets it.
      expect(await lag()).toBeLessThan(0.25);
    } finally {
      abort.abort();
      await server.close();
    }
  }, 15_000);
});
