import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COLLECTORS } from '../helpers/collectors.js';
import { FIXTURE_PATHS, startTestServer, type TestServer } from '../helpers/server.js';
import { findTool } from '../helpers/tools.js';

const promtool = findTool('promtool');

/**
 * node_exporter's meminfo names keep the kernel's CamelCase (node_memory_MemTotal_bytes);
 * vigil keeps them too so existing dashboards work, and this is the only lint it accepts.
 */
const ACCEPTED = /^node_memory_\w+ metric names should be written in 'snake_case' not 'camelCase'$/;

function lint(exposition: string): string[] {
  const result = spawnSync(promtool as string, ['check', 'metrics'], {
    input: exposition,
    encoding: 'utf8',
  });
  const problems = `${result.stdout}${result.stderr}`.split('\n').filter((l) => l.trim() !== '');
  return problems.filter((l) => !ACCEPTED.test(l));
}

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

  it('catches a real problem (the check is live)', () => {
    expect(lint('# HELP x_total a\n# TYPE x_total gauge\nx_total 1\n').join('\n')).toContain(
      'non-counter metrics should not have "_total" suffix',
    );
  });
});
