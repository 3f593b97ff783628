import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParsedFamily, parseExposition, sampleValue } from '../helpers/exposition.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * With no procfs at --path.procfs, as on macOS or Windows, cpu, meminfo, filesystem and
 * netdev fall back to Node's os module and systeminformation under the same names. On
 * Linux the fallbacks still work, so pointing procfs elsewhere exercises them for real.
 */
describe('collectors without procfs', () => {
  let server: TestServer;
  let families: Map<string, ParsedFamily>;
  beforeAll(async () => {
    server = await startTestServer({
      paths: { procfs: '/nonexistent/proc', sysfs: '/nonexistent/sys', rootfs: '/' },
      exporterMetrics: false,
    });
    families = parseExposition(await (await fetch(`${server.url}/metrics`)).text());
  }, 30_000);
  afterAll(() => server.close());

  it('reports every collector as successful', () => {
    for (const s of families.get('vigil_scrape_collector_success')?.samples ?? []) {
      expect(s.value, s.labels.collector).toBe(1);
    }
  });

  it('keeps node_exporter names for CPU, memory, filesystems and network', () => {
    expect(
      sampleValue(families, 'node_cpu_seconds_total', { cpu: '0', mode: 'idle' }),
    ).toBeGreaterThan(0);
    expect(sampleValue(families, 'node_memory_MemTotal_bytes')).toBeGreaterThan(0);
    expect(sampleValue(families, 'node_memory_MemAvailable_bytes')).toBeGreaterThan(0);
    expect(
      sampleValue(families, 'node_filesystem_size_bytes', { mountpoint: '/' }),
    ).toBeGreaterThan(0);
    expect(
      sampleValue(families, 'node_network_receive_bytes_total', { device: 'lo' }),
    ).toBeGreaterThanOrEqual(0);
    expect(sampleValue(families, 'node_load1')).toBeGreaterThanOrEqual(0);
  });

  it('treats procfs-only sources as absent, not failed', () => {
    expect([...families.keys()].some((n) => n.startsWith('node_disk_'))).toBe(false);
    expect(families.has('node_boot_time_seconds')).toBe(false);
    expect(sampleValue(families, 'node_uname_info')).toBe(1);
  });
});

describe('processes without procfs', () => {
  it('groups processes from systeminformation and pidusage under the same names', async () => {
    const server = await startTestServer({
      collectors: ['process_groups'],
      paths: { procfs: '/nonexistent/proc', sysfs: '/nonexistent/sys', rootfs: '/' },
      exporterMetrics: false,
    });
    try {
      const m = parseExposition(await (await fetch(`${server.url}/metrics`)).text());
      expect(
        sampleValue(m, 'vigil_scrape_collector_success', { collector: 'process_groups' }),
      ).toBe(1);
      // This test runs in a Node.js process, so a "node" group exists.
      const node = m
        .get('vigil_process_num_procs')
        ?.samples.find((s) => s.labels.groupname?.startsWith('node'));
      expect(node?.value).toBeGreaterThanOrEqual(1);
      const memory = sampleValue(m, 'vigil_process_memory_bytes', {
        groupname: node?.labels.groupname ?? '',
        memtype: 'resident',
      });
      expect(memory).toBeGreaterThan(1 << 20);
    } finally {
      await server.close();
    }
  }, 30_000);
});
