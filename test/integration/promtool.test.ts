import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../exporter/config/load.js';
import { DEFAULT_COLLECTORS } from '../helpers/collectors.js';
import { eventually } from '../helpers/eventually.js';
import { lintExposition } from '../helpers/promtool.js';
import { FIXTURE_PATHS, startTestServer, type TestServer } from '../helpers/server.js';
import { findTool } from '../helpers/tools.js';

const promtool = findTool('promtool');

const lint = (exposition: string) => lintExposition(promtool as string, exposition);

describe.skipIf(!promtool)('promtool check metrics', () => {
  let host: TestServer;
  let fixture: TestServer;
  beforeAll(async () => {
    host = await startTestServer({ collectors: DEFAULT_COLLECTORS });
    fixture = await startTestServer({ paths: FIXTURE_PATHS });
  });
  afterAll(async () => {
    await host.close();
    await fixture.close();
  });

  it('finds no problem in the output for this host', async () => {
    expect(lint(await (await fetch(`${host.url}/metrics`)).text())).toEqual([]);
  });

  it('finds no problem in the output for the fixture tree', async () => {
    expect(lint(await (await fetch(`${fixture.url}/metrics`)).text())).toEqual([]);
  });

  it('finds no problem in log-rule and API metrics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-lint-'));
    writeFileSync(
      join(dir, 'app.log'),
      'level=ERROR took=12ms sent=5\nlevel=INFO took=7ms sent=1\n',
    );
    const api = createServer((_req, res) =>
      res.end('{"queue":{"pending":3},"regions":[{"name":"eu","n":1}]}'),
    );
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const config = parseConfig(
      `logs:
  positions_file: ""
  sources:
    - name: app
      paths: ["${join(dir, '*.log')}"]
      start_at: beginning
      rules:
        - {name: errors, match: ERROR, metric: app_errors_total}
        - {name: level, match: 'level=(?P<level>\\w+)', metric: app_lines_total, labels: [level]}
        - {name: sent, match: 'sent=(?P<n>\\d+)', metric: app_sent_bytes_total, value: n}
        - {name: took, match: 'took=(?P<ms>\\d+)ms', metric: app_request_duration_seconds, type: histogram, value: ms, scale: 0.001}
apis:
  - name: shop
    url: http://127.0.0.1:${(api.address() as AddressInfo).port}/
    metrics:
      - {name: orders_pending, path: $.queue.pending}
      - {name: orders_by_region, path: '$.regions[*]', labels: {region: $.name}, value: $.n}
`,
      'lint.yml',
    );
    const server = await startTestServer({ collectors: ['logs', 'apis'], config });
    try {
      const text = await eventually(async () => {
        const t = await (await fetch(`${server.url}/metrics`)).text();
        return t.includes('app_request_duration_seconds_bucket') && t.includes('orders_by_region')
          ? t
          : undefined;
      });
      expect(lint(text)).toEqual([]);
    } finally {
      await server.close();
      api.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('catches a real problem (the check is live)', () => {
    expect(lint('# HELP x_total a\n# TYPE x_total gauge\nx_total 1\n').join('\n')).toContain(
      'non-counter metrics should not have "_total" suffix',
    );
  });
});
