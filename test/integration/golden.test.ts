import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PATHS, startTestServer, type TestServer } from '../helpers/server.js';

/** Values that change from run to run (clock, durations, the fixture disk's real free space). */
const VOLATILE = [
  /^node_time_seconds /,
  /^node_time_zone_offset_seconds\{/,
  /^(vigil|node)_scrape_collector_duration_seconds\{/,
  /^vigil_build_info\{/,
  /^vigil_config_last_reload_success_timestamp_seconds /,
  /^node_filesystem_(size|free|avail)_bytes\{/,
  /^node_filesystem_files(_free)?\{/,
];

function normalize(exposition: string): string {
  return exposition
    .split('\n')
    .map((line) =>
      VOLATILE.some((re) => re.test(line)) ? line.replace(/ \S+$/, ' <volatile>') : line,
    )
    .map((line) =>
      line.startsWith('vigil_build_info{') || line.startsWith('node_time_zone_offset_seconds{')
        ? line.replace(/\{.*\}/, '{<volatile>}')
        : line,
    )
    .join('\n');
}

describe('golden output over the fixture tree', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ paths: FIXTURE_PATHS, exporterMetrics: false });
  });
  afterAll(() => server.close());

  it('matches test/golden/fixture-metrics.prom (refresh with npm run golden:update)', async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    await expect(normalize(await res.text())).toMatchFileSnapshot('../golden/fixture-metrics.prom');
  });
});
