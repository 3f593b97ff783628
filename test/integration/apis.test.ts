import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTORS } from '../../exporter/collectors/index.js';
import { parseConfig } from '../../exporter/config/load.js';
import type { CollectorDefinition } from '../../exporter/core/collector.js';
import { single } from '../../exporter/exposition/family.js';
import { eventually } from '../helpers/eventually.js';
import { parseExposition, sampleValue } from '../helpers/exposition.js';
import { startTestServer } from '../helpers/server.js';
import { makeCa } from '../helpers/tls.js';
import { findTool } from '../helpers/tools.js';

const openssl = findTool('openssl');
const dir = mkdtempSync(join(tmpdir(), 'vigil-apis-'));
const TOKEN = 's3cr3t-token-value';
writeFileSync(join(dir, 'token'), `${TOKEN}\n`);

const ROUTES: Record<
  string,
  (res: import('node:http').ServerResponse, auth: string | undefined) => void
> = {
  '/stats': (res, auth) => {
    if (auth !== `Bearer ${TOKEN}`) {
      res.writeHead(401).end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        queue: { pending: 42, age: '7.5' },
        up: true,
        status: 'DEGRADED',
        regions: [
          { name: 'eu', count: 3 },
          { name: 'us', count: 5 },
        ],
      }),
    );
  },
  '/notjson': (res) => res.end('<html>oops</html>'),
  '/error': (res) => res.writeHead(503).end('{}'),
  '/huge': (res) => res.end(JSON.stringify({ blob: 'x'.repeat(200_000) })),
  '/text-value': (res) => res.end(JSON.stringify({ queue: { pending: 'many' } })),
  '/slow': (res) => {
    setTimeout(() => res.end('{"queue":{"pending":1}}'), 3_000).unref();
  },
  '/loop': (res) => res.writeHead(302, { location: '/loop' }).end(),
};

let http: Server;
let base: string;
beforeAll(async () => {
  http = createServer((req, res) =>
    (ROUTES[req.url ?? ''] ?? ((r) => r.writeHead(404).end()))(res, req.headers.authorization),
  );
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  http.closeAllConnections();
  await new Promise((r) => http.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const target = (name: string, path: string, extra = '') => `
  - name: ${name}
    url: ${base}${path}
    timeout: 1s
    auth: {bearer_token: {token_file: ${join(dir, 'token')}}}
    max_body_bytes: 100000
${extra}    metrics:
      - {name: orders_pending, path: $.queue.pending, help: Orders waiting to be shipped.}
`;

async function scrape(yaml: string, collectors = ['apis'], definitions?: CollectorDefinition[]) {
  const config = parseConfig(`scrape:\n  timeout: 2s\napis:${yaml}`, 'test.yml');
  const server = await startTestServer({ collectors, config, exporterMetrics: false, definitions });
  try {
    const started = performance.now();
    const text = await (await fetch(`${server.url}/metrics`)).text();
    return { m: parseExposition(text), text, ms: performance.now() - started };
  } finally {
    await server.close();
  }
}

describe('business metrics from JSON APIs', () => {
  it('reads numbers, numeric strings, booleans, value maps and arrays to labels', async () => {
    const { m, text } = await scrape(`
  - name: shop
    url: ${base}/stats
    auth: {bearer_token: {token_file: ${join(dir, 'token')}}}
    metrics:
      - {name: orders_pending, path: $.queue.pending, help: Orders waiting to be shipped.}
      - {name: orders_oldest_age_seconds, path: $.queue.age}
      - {name: shop_up, path: $.up}
      - {name: shop_status, path: $.status, value_map: {UP: 1, DEGRADED: 0.5, DOWN: 0}}
      - {name: orders_by_region, path: '$.regions[*]', labels: {region: $.name}, value: $.count}
`);
    expect(sampleValue(m, 'orders_pending', { target: 'shop' })).toBe(42);
    expect(m.get('orders_pending')?.help).toBe('Orders waiting to be shipped.');
    expect(sampleValue(m, 'orders_oldest_age_seconds')).toBe(7.5);
    expect(sampleValue(m, 'shop_up')).toBe(1);
    expect(sampleValue(m, 'shop_status')).toBe(0.5);
    expect(sampleValue(m, 'orders_by_region', { region: 'eu' })).toBe(3);
    expect(sampleValue(m, 'orders_by_region', { region: 'us' })).toBe(5);
    expect(sampleValue(m, 'vigil_api_up', { target: 'shop' })).toBe(1);
    expect(
      sampleValue(m, 'vigil_api_last_success_timestamp_seconds', { target: 'shop' }),
    ).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(text).not.toContain(TOKEN);
  });

  it.each([
    ['timeout', '/slow'],
    ['http_status', '/error'],
    ['http_status', '/loop'],
    ['invalid_json', '/notjson'],
    ['too_large', '/huge'],
    ['bad_value', '/text-value'],
    ['missing_path', '/stats-missing'],
  ])('counts %s (%s) and reports the target down, keeping the others', async (reason, path) => {
    const yaml =
      path === '/stats-missing'
        ? target('broken', '/stats').replace('$.queue.pending', '$.queue.nothing')
        : target('broken', path);
    const { m } = await scrape(`${yaml}${target('good', '/stats')}`);
    expect(sampleValue(m, 'vigil_api_up', { target: 'broken' })).toBe(0);
    expect(sampleValue(m, 'vigil_api_errors_total', { target: 'broken', reason })).toBe(1);
    expect(sampleValue(m, 'vigil_api_up', { target: 'good' })).toBe(1);
    expect(sampleValue(m, 'orders_pending', { target: 'good' })).toBe(42);
  });

  it('keeps other collectors on time while a slow target hits the deadline', async () => {
    const quick: CollectorDefinition = {
      name: 'quick',
      defaultEnabled: true,
      description: 'q',
      create: () => ({ collect: async () => [single('test_quick', 'q', 'gauge', 1)] }),
    };
    const definitions = [...COLLECTORS, quick];
    const config = `${target('slow', '/slow', '    timeout: 10s\n').replace('    timeout: 1s\n', '')}`;
    const { m, ms } = await scrape(config, ['apis', 'quick'], definitions);
    expect(ms).toBeLessThan(2_900);
    expect(sampleValue(m, 'test_quick')).toBe(1);
    expect(sampleValue(m, 'vigil_scrape_collector_success', { collector: 'quick' })).toBe(1);
    // The target's own 10 s timeout is cut short by the 2 s scrape deadline; the collector
    // still reports it, as down for a timeout.
    expect(sampleValue(m, 'vigil_api_up', { target: 'slow' })).toBe(0);
    expect(sampleValue(m, 'vigil_api_errors_total', { target: 'slow', reason: 'timeout' })).toBe(1);
  });

  it('fetches a target with an interval in the background and serves its last result', async () => {
    const config = parseConfig(
      `apis:${target('periodic', '/stats', '    interval: 1s\n')}`,
      'test.yml',
    );
    const server = await startTestServer({ collectors: ['apis'], config, exporterMetrics: false });
    try {
      const read = async () => parseExposition(await (await fetch(`${server.url}/metrics`)).text());
      await eventually(async () =>
        sampleValue(await read(), 'vigil_api_up', { target: 'periodic' }) === 1 ? true : undefined,
      );
      const first =
        sampleValue(await read(), 'vigil_api_last_success_timestamp_seconds', {
          target: 'periodic',
        }) ?? 0;
      await eventually(async () =>
        (sampleValue(await read(), 'vigil_api_last_success_timestamp_seconds', {
          target: 'periodic',
        }) ?? 0) > first
          ? true
          : undefined,
      );
      expect(sampleValue(await read(), 'orders_pending', { target: 'periodic' })).toBe(42);
      expect(await (await fetch(`${server.url}/`)).text()).not.toContain(TOKEN);
    } finally {
      await server.close();
    }
  });

  it('rejects a JSONPath that cannot be parsed, naming target and metric', () => {
    expect(() =>
      parseConfig(
        `apis:\n  - name: shop\n    url: http://127.0.0.1:1/x\n    metrics:\n      - {name: m, path: '$.a[0'}\n`,
        'v.yml',
      ),
    ).toThrow(/target "shop", metric m: JSONPath "\$\.a\[0": unbalanced/);
    expect(() =>
      parseConfig(
        'apis:\n  - name: shop\n    url: http://user:pw@127.0.0.1:1/x\n    metrics:\n      - {name: m, path: $.a}\n',
        'v.yml',
      ),
    ).toThrow(/put credentials under auth/);
  });
});

describe.skipIf(!openssl)('an HTTPS target with its own CA', () => {
  it('is trusted through tls.ca_file and refused without it', async () => {
    const ca = makeCa(openssl as string, dir);
    const srv = ca.issue('srv');
    const https = createHttpsServer(
      { key: readFileSync(srv.key), cert: readFileSync(srv.cert) },
      (_req, res) => res.end('{"queue":{"pending":9}}'),
    );
    await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(https.address() as AddressInfo).port}/`;
    try {
      const trusted = await scrape(
        `\n  - name: tls\n    url: ${url}\n    tls: {ca_file: ${ca.ca}}\n    metrics:\n      - {name: orders_pending, path: $.queue.pending}\n`,
      );
      expect(sampleValue(trusted.m, 'orders_pending', { target: 'tls' })).toBe(9);
      const untrusted = await scrape(
        `\n  - name: tls\n    url: ${url}\n    metrics:\n      - {name: orders_pending, path: $.queue.pending}\n`,
      );
      expect(sampleValue(untrusted.m, 'vigil_api_up', { target: 'tls' })).toBe(0);
      expect(
        sampleValue(untrusted.m, 'vigil_api_errors_total', { target: 'tls', reason: 'connection' }),
      ).toBe(1);
    } finally {
      https.closeAllConnections();
      await new Promise((r) => https.close(r));
    }
  });
});
