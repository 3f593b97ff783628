import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from '../../helpers/exposition.js';
import { FIXTURE_PATHS, HOST_COLLECTORS, startTestServer } from '../../helpers/server.js';

/** A copy of the fixture tree that each test may damage. */
let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-broken-'));
  await cp(join(FIXTURE_PATHS.procfs, '..'), root, { recursive: true });
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function scrape() {
  const server = await startTestServer({
    paths: { procfs: join(root, 'proc'), sysfs: join(root, 'sys'), rootfs: join(root, 'root') },
    collectors: HOST_COLLECTORS,
    exporterMetrics: false,
  });
  try {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    return parseExposition(await res.text());
  } finally {
    await server.close();
  }
}

const success = (f: Awaited<ReturnType<typeof scrape>>, c: string) =>
  sampleValue(f, 'vigil_scrape_collector_success', { collector: c });

describe('malformed or missing sources', () => {
  it('fails only the collector whose file is malformed', async () => {
    await writeFile(join(root, 'proc/meminfo'), 'MemTotal: 1024 kB\nMemFree 12 kB\n');
    const families = await scrape();
    expect(success(families, 'meminfo')).toBe(0);
    expect(families.has('node_memory_MemTotal_bytes')).toBe(false);
    expect(success(families, 'cpu')).toBe(1);
    expect(success(families, 'loadavg')).toBe(1);
  });

  it('fails a collector whose file vanished, and keeps serving', async () => {
    await rm(join(root, 'proc/net/dev'));
    const families = await scrape();
    expect(success(families, 'netdev')).toBe(0);
    expect(success(families, 'diskstats')).toBe(1);
  });

  it('treats an absent optional source as success with no series', async () => {
    await rm(join(root, 'proc/pressure'), { recursive: true });
    const families = await scrape();
    expect(success(families, 'pressure')).toBe(1);
    expect([...families.keys()].some((n) => n.startsWith('node_pressure_'))).toBe(false);
  });

  it('reads a diskstats file with an extra column from a newer kernel', async () => {
    await writeFile(
      join(root, 'proc/diskstats'),
      ' 254       0 vda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19\n',
    );
    const families = await scrape();
    expect(success(families, 'diskstats')).toBe(1);
    expect(sampleValue(families, 'node_disk_read_bytes_total', { device: 'vda' })).toBe(3 * 512);
    expect(
      sampleValue(families, 'node_disk_flush_requests_time_seconds_total', { device: 'vda' }),
    ).toBe(0.017);
  });
});
