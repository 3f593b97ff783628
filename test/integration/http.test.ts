import { request } from 'node:http';
import { connect } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectorDefinition } from '../../exporter/core/collector.js';
import { single } from '../../exporter/exposition/family.js';
import { parseExposition, sampleValue } from '../helpers/exposition.js';
import { startVigil } from '../helpers/process.js';
import { HOST_COLLECTORS, startTestServer, type TestServer } from '../helpers/server.js';

/** Raw GET, so the test sees exactly what the server sent (fetch would decompress). */
function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = request(url, { headers, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('serves the text format by default, with host and exporter metrics', async () => {
    const res = await get(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parseExposition(res.body.toString());
    expect(families.get('node_cpu_seconds_total')?.type).toBe('counter');
    expect(families.get('process_resident_memory_bytes')).toBeDefined();
    expect(sampleValue(families, 'vigil_build_info')).toBe(1);
    for (const c of HOST_COLLECTORS)
      expect(sampleValue(families, 'vigil_scrape_collector_success', { collector: c })).toBe(1);
  });

  it('negotiates OpenMetrics with the Accept header Prometheus sends', async () => {
    const res = await get(`${server.url}/metrics`, {
      Accept:
        'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
    });
    expect(res.headers['content-type']).toBe(
      'application/openmetrics-text; version=1.0.0; charset=utf-8',
    );
    const text = res.body.toString();
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(text).toContain('# TYPE node_cpu_seconds counter');
  });

  it('compresses with gzip when accepted', async () => {
    const res = await get(`${server.url}/metrics`, { 'Accept-Encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.body).toString()).toContain('node_load1 ');
  });

  it('filters collectors with collect[] and exclude[]', async () => {
    const only = parseExposition(
      (await get(`${server.url}/metrics?collect[]=loadavg&collect[]=uname`)).body.toString(),
    );
    expect(only.has('node_load1')).toBe(true);
    expect(only.has('node_uname_info')).toBe(true);
    expect(only.has('node_cpu_seconds_total')).toBe(false);
    const excluded = parseExposition(
      (await get(`${server.url}/metrics?exclude[]=cpu`)).body.toString(),
    );
    expect(excluded.has('node_cpu_seconds_total')).toBe(false);
    expect(excluded.has('node_load1')).toBe(true);
  });

  it('answers 400 for an unknown collector or both filters', async () => {
    const unknown = await get(`${server.url}/metrics?collect[]=nosuch`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.toString()).toContain('"nosuch"');
    expect((await get(`${server.url}/metrics?collect[]=cpu&exclude[]=cpu`)).status).toBe(400);
  });

  it('serves health, readiness and a landing page with collector status', async () => {
    expect((await get(`${server.url}/-/healthy`)).status).toBe(200);
    expect((await get(`${server.url}/-/ready`)).status).toBe(200);
    await get(`${server.url}/metrics`);
    const landing = await get(`${server.url}/`);
    expect(landing.status).toBe(200);
    const html = landing.body.toString();
    expect(html).toContain('vigil exporter');
    expect(html).toContain('href="/metrics"');
    expect(html).toMatch(/<td>diskstats<\/td><td class="ok">ok<\/td>/);
    expect(landing.headers['x-content-type-options']).toBe('nosniff');
  });

  it('allows only GET and HEAD on the telemetry path and 404s the rest', async () => {
    expect((await get(`${server.url}/metrics`, {}, 'HEAD')).status).toBe(200);
    expect((await get(`${server.url}/metrics`, {}, 'POST')).status).toBe(405);
    expect((await get(`${server.url}/nothing`)).status).toBe(404);
  });

  it('refuses request bodies without reading them', async () => {
    const withBody = (method: string) =>
      new Promise<number>((resolve, reject) => {
        const headers = { 'content-length': '1000' };
        const req = request(`${server.url}/metrics`, { method, headers, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end('x'.repeat(1000));
      });
    expect(await withBody('POST')).toBe(413);
    expect(await withBody('GET')).toBe(413);
  });
});

describe('a client that never finishes its request headers (slowloris)', () => {
  it('is disconnected after the headers timeout, while scrapes go on', async () => {
    const vigil = await startVigil(['--collector.disable-defaults', '--collector.loadavg']);
    try {
      const { hostname, port } = new URL(vigil.url);
      const socket = connect(Number(port), hostname);
      const started = Date.now();
      socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      const closed = new Promise<number>((resolve) => {
        socket.on('close', () => resolve(Date.now() - started));
        socket.on('error', () => {});
        socket.resume();
      });
      expect((await fetch(`${vigil.url}/metrics`)).status).toBe(200);
      const after = await closed;
      expect(after).toBeGreaterThan(9_000);
      expect(after).toBeLessThan(13_000);
    } finally {
      await vigil.stop();
    }
  }, 20_000);
});

describe('--web.max-requests', () => {
  it('answers 503 at once beyond the limit instead of queueing', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const slow: CollectorDefinition = {
      name: 'slow',
      defaultEnabled: true,
      description: 'waits for the test',
      create: () => ({
        collect: async () => {
          await gate;
          return [single('test_slow', 'slow', 'gauge', 1)];
        },
      }),
    };
    const server = await startTestServer({
      collectors: ['slow'],
      definitions: [slow],
      maxRequests: 1,
      exporterMetrics: false,
    });
    try {
      const first = get(`${server.url}/metrics`);
      await new Promise((r) => setTimeout(r, 50));
      const started = performance.now();
      const second = await get(`${server.url}/metrics`);
      expect(second.status).toBe(503);
      expect(performance.now() - started).toBeLessThan(500);
      release();
      expect((await first).status).toBe(200);
    } finally {
      release();
      await server.close();
    }
  });
});

describe('a burst of 50 concurrent scrapers against the default limit of 40', () => {
  it('refuses the 10 beyond the limit at once and answers the 40 from one collection', async () => {
    let calls = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const slow: CollectorDefinition = {
      name: 'slow',
      defaultEnabled: true,
      description: 'waits for the test',
      create: () => ({
        collect: async () => {
          calls++;
          await gate;
          return [single('test_slow', 'slow', 'gauge', 1)];
        },
      }),
    };
    const server = await startTestServer({
      collectors: ['slow'],
      definitions: [slow],
      maxRequests: 40,
      exporterMetrics: false,
    });
    try {
      const started = performance.now();
      const refusedAt: number[] = [];
      const scrapes = Array.from({ length: 50 }, () =>
        get(`${server.url}/metrics`, { 'Accept-Encoding': 'gzip' }).then((res) => {
          if (res.status === 503) refusedAt.push(performance.now() - started);
          return res;
        }),
      );
      // The refusals come while the 40 still wait for their collection.
      while (refusedAt.length < 10 && performance.now() - started < 5_000)
        await new Promise((r) => setTimeout(r, 10));
      release();
      const results = await Promise.all(scrapes);
      expect(results.filter((r) => r.status === 503)).toHaveLength(10);
      expect(Math.max(...refusedAt)).toBeLessThan(1_000);
      const answered = results.filter((r) => r.status === 200);
      expect(answered).toHaveLength(40);
      expect(calls).toBe(1);
      for (const r of answered) expect(gunzipSync(r.body).toString()).toContain('test_slow 1');
    } finally {
      release();
      await server.close();
    }
  });
});

describe('format negotiation edge cases', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ collectors: ['loadavg'], exporterMetrics: false });
  });
  afterAll(() => server.close());

  it.each([
    ['text/plain', 'text/plain'],
    ['*/*', 'text/plain'],
    ['application/openmetrics-text', 'application/openmetrics-text'],
    ['application/openmetrics-text;version=0.0.1', 'application/openmetrics-text'],
    ['application/json', 'text/plain'],
  ])('Accept: %s gives %s', async (accept, type) => {
    const res = await get(`${server.url}/metrics`, { Accept: accept });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type']).split(';')[0]).toBe(type);
  });
});
