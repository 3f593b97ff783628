import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../exporter/config/load.js';
import { parseExposition, sampleValue } from '../helpers/exposition.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** A copy of sleep under a name no other process has, so its group is ours alone. */
const dir = mkdtempSync(join(tmpdir(), 'vigil-procs-'));
const SLEEPER = join(dir, 'vigilsleeper');
copyFileSync('/bin/sleep', SLEEPER);

const LISTENER = `
const net = require('node:net');
const server = net.createServer((s) => s.end()).listen(0, '127.0.0.1', () => {
  process.stdout.write(String(server.address().port) + '\\n');
});
process.title = 'vigillistener';
`;

function spawnSleeper(): ChildProcess {
  return spawn(SLEEPER, ['300'], { stdio: 'ignore' });
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('processes and ports on this machine', () => {
  const sleepers: ChildProcess[] = [];
  let listener: ChildProcess;
  let port: number;
  let server: TestServer;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) sleepers.push(spawnSleeper());
    listener = spawn(process.execPath, ['-e', LISTENER], { stdio: ['ignore', 'pipe', 'ignore'] });
    port = await new Promise<number>((resolve) =>
      listener.stdout?.once('data', (d) => resolve(Number(String(d).trim()))),
    );
    const config = parseConfig(
      `
processes:
  groups:
    - {name: sleepers, comm: [vigilsleeper], min_count: 3}
    - {name: absent, comm: [no-such-command], min_count: 1}
    - {name: "{{comm}}", cmdline: ['.*']}
ports:
  expected:
    - {name: listener, port: ${port}}
    - {name: nothing, port: 1}
  probes:
    - {name: listener, target: "127.0.0.1:${port}", timeout: 1s}
`,
      'test.yml',
    );
    server = await startTestServer({
      collectors: ['process_groups', 'ports'],
      config,
      exporterMetrics: false,
    });
  });

  afterAll(async () => {
    await Promise.all([...sleepers, listener].map(stopped));
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const scrape = async () => parseExposition(await (await fetch(`${server.url}/metrics`)).text());

  it('finds the children in their group, and the listening socket with its owner', async () => {
    const m = await scrape();
    expect(sampleValue(m, 'vigil_process_num_procs', { groupname: 'sleepers' })).toBe(3);
    expect(sampleValue(m, 'vigil_process_group_up', { groupname: 'sleepers' })).toBe(1);
    expect(sampleValue(m, 'vigil_process_group_up', { groupname: 'absent' })).toBe(0);
    expect(
      sampleValue(m, 'vigil_port_listening', {
        protocol: 'tcp',
        address: '127.0.0.1',
        port: String(port),
      }),
    ).toBe(1);
    const owner = m.get('vigil_port_listening')?.samples.find((s) => s.labels.port === String(port))
      ?.labels.process;
    expect(owner).toBe('vigillistener');
    expect(sampleValue(m, 'vigil_port_expected_up', { name: 'listener' })).toBe(1);
    expect(sampleValue(m, 'vigil_port_expected_up', { name: 'nothing' })).toBe(0);
    expect(sampleValue(m, 'vigil_probe_success', { name: 'listener' })).toBe(1);
  });

  it('keeps counters monotonic and reports the watched group down when members exit', async () => {
    const before = await scrape();
    const cpuBefore =
      sampleValue(before, 'vigil_process_context_switches_total', {
        groupname: 'sleepers',
        ctxswitchtype: 'voluntary',
      }) ?? 0;
    expect(cpuBefore).toBeGreaterThan(0);
    await stopped(sleepers.pop() as ChildProcess);
    const after = await scrape();
    expect(sampleValue(after, 'vigil_process_num_procs', { groupname: 'sleepers' })).toBe(2);
    expect(sampleValue(after, 'vigil_process_group_up', { groupname: 'sleepers' })).toBe(0);
    const cpuAfter =
      sampleValue(after, 'vigil_process_context_switches_total', {
        groupname: 'sleepers',
        ctxswitchtype: 'voluntary',
      }) ?? 0;
    expect(cpuAfter).toBeGreaterThanOrEqual(cpuBefore);
  });

  it('reports an expected port that closes as 0, and its probe failing', async () => {
    await stopped(listener);
    const m = await scrape();
    expect(sampleValue(m, 'vigil_port_expected_up', { name: 'listener' })).toBe(0);
    expect(sampleValue(m, 'vigil_probe_success', { name: 'listener' })).toBe(0);
    expect(sampleValue(m, 'vigil_port_listening', { port: String(port) })).toBeUndefined();
  });
});
