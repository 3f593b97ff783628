import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParsedFamily, parseExposition, sampleValue } from '../helpers/exposition.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PROCFS = new URL('../fixtures/procs/proc', import.meta.url).pathname;

describe('processes and ports over a fixture /proc', () => {
  let server: TestServer;
  let m: Map<string, ParsedFamily>;
  beforeAll(async () => {
    server = await startTestServer({
      collectors: ['process_groups', 'ports'],
      paths: { procfs: PROCFS, sysfs: '/nonexistent', rootfs: '/' },
      exporterMetrics: false,
    });
    m = parseExposition(await (await fetch(`${server.url}/metrics`)).text());
  });
  afterAll(() => server.close());

  it('groups by command name, kernel threads together', () => {
    expect(sampleValue(m, 'vigil_process_num_procs', { groupname: 'process_api' })).toBe(1);
    expect(sampleValue(m, 'vigil_process_num_procs', { groupname: 'my) (odd) name' })).toBe(1);
    expect(sampleValue(m, 'vigil_process_num_procs', { groupname: '[kernel threads]' })).toBe(2);
  });

  it('reads CPU, memory, threads, fds and I/O from stat, status, fd, limits and io', () => {
    const g = { groupname: 'process_api' };
    expect(sampleValue(m, 'vigil_process_cpu_seconds_total', { ...g, mode: 'user' })).toBe(0.65);
    expect(sampleValue(m, 'vigil_process_cpu_seconds_total', { ...g, mode: 'system' })).toBe(1.33);
    expect(sampleValue(m, 'vigil_process_num_threads', g)).toBe(11);
    expect(sampleValue(m, 'vigil_process_open_filedesc', g)).toBe(3);
    expect(sampleValue(m, 'vigil_process_worst_fd_ratio', g)).toBe(3 / 32768);
    expect(sampleValue(m, 'vigil_process_memory_bytes', { ...g, memtype: 'virtual' })).toBe(
      32583680,
    );
    expect(sampleValue(m, 'vigil_process_states', { ...g, state: 'sleeping' })).toBe(1);
    expect(sampleValue(m, 'vigil_process_states', { ...g, state: 'zombie' })).toBe(0);
    expect(sampleValue(m, 'vigil_process_read_bytes_total', { groupname: 'my) (odd) name' })).toBe(
      1289527296,
    );
    // Start time: btime from /proc/stat plus starttime ticks / 100.
    expect(sampleValue(m, 'vigil_process_oldest_start_time_seconds', g)).toBeCloseTo(
      1795653679.15,
      2,
    );
  });

  it('lists listening sockets with their owners, leaving out clients', () => {
    const ports = m.get('vigil_port_listening')?.samples.map((s) => s.labels) ?? [];
    expect(ports).toEqual([
      { protocol: 'tcp', address: '0.0.0.0', port: '2024', process: 'process_api' },
      { protocol: 'tcp', address: '127.0.0.1', port: '8080', process: 'my) (odd) name' },
      { protocol: 'tcp', address: '::', port: '22', process: '' },
      { protocol: 'tcp', address: '::1', port: '8081', process: '' },
      { protocol: 'udp', address: '127.0.0.53', port: '53', process: '' },
    ]);
  });
});
