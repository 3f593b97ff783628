import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from '../helpers/exposition.js';
import { type RunningVigil, runVigil, startVigil } from '../helpers/process.js';

let running: RunningVigil | undefined;
afterEach(async () => {
  await running?.stop('SIGKILL');
  running = undefined;
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function tempFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('vigil command line', () => {
  it('exits 2 naming an unknown flag', async () => {
    const { code, stderr } = await runVigil(['--web.listen-adress=:1']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown flag '--web.listen-adress'");
  });

  it('exits 2 naming a missing config file', async () => {
    const { code, stderr } = await runVigil(['--config.file=/nonexistent/vigil.yml']);
    expect(code).toBe(2);
    expect(stderr).toContain('config file /nonexistent/vigil.yml is invalid');
    expect(stderr).toContain('cannot read: no such file');
  });

  it('exits 2 naming file, line and key of a bad config, without listening', async () => {
    const file = await tempFile(
      'bad.yml',
      'scrape:\n  timeout: 5s\ncollectors:\n  netdev:\n    device_exlude: lo\n',
    );
    const { code, stderr } = await runVigil([
      `--config.file=${file}`,
      '--web.listen-address=127.0.0.1:0',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}:5:5: collectors.netdev.device_exlude: unknown key`);
    expect(stderr).not.toContain('listening');
  });

  it('prints help and version', async () => {
    const help = await runVigil(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--[no-]collector.filesystem');
    const version = await runVigil(['--version']);
    expect(version.stdout).toMatch(/^vigil \d+\.\d+\.\d+/);
  });

  it('reloads on SIGHUP, keeps the running config when the new file is bad, and says why', async () => {
    const file = await tempFile(
      'vigil.yml',
      'collectors:\n  netdev:\n    device_exclude: "^lo$"\n',
    );
    running = await startVigil([
      `--config.file=${file}`,
      '--collector.disable-defaults',
      '--collector.netdev',
    ]);
    const scrape = async () =>
      parseExposition(await (await fetch(`${running?.url}/metrics`)).text());

    expect(
      sampleValue(await scrape(), 'node_network_receive_bytes_total', { device: 'lo' }),
    ).toBeUndefined();

    await writeFile(file, 'collectors:\n  netdev:\n    device_exclude: "(("\n');
    running.child.kill('SIGHUP');
    await running.waitForLog(/configuration reload failed; keeping the running configuration/);
    expect(running.log()).toContain(
      'collectors.netdev.device_exclude: expected a regular expression',
    );
    const afterBad = await scrape();
    expect(
      sampleValue(afterBad, 'node_network_receive_bytes_total', { device: 'lo' }),
    ).toBeUndefined();
    expect(sampleValue(afterBad, 'vigil_config_last_reload_successful')).toBe(0);

    await writeFile(file, 'collectors:\n  netdev:\n    device_include: "^lo$"\n');
    running.child.kill('SIGHUP');
    await running.waitForLog(/msg="configuration reloaded"/);
    const afterGood = await scrape();
    expect(
      sampleValue(afterGood, 'node_network_receive_bytes_total', { device: 'lo' }),
    ).toBeGreaterThan(0);
    expect(sampleValue(afterGood, 'vigil_config_last_reload_successful')).toBe(1);
  });

  it("takes node_exporter's collector flags, over the config file, and refuses a bad one", async () => {
    const fixture = new URL('../fixtures/host/', import.meta.url).pathname;
    const file = await tempFile(
      'devices.yml',
      'collectors:\n  diskstats:\n    device_exclude: "^vda$"\n',
    );
    const paths = [
      `--path.procfs=${fixture}proc`,
      `--path.sysfs=${fixture}sys`,
      `--path.rootfs=${fixture}root`,
    ];
    running = await startVigil([
      ...paths,
      `--config.file=${file}`,
      '--collector.disable-defaults',
      '--collector.diskstats',
      '--collector.diskstats.device-exclude=^zram',
    ]);
    const m = parseExposition(await (await fetch(`${running.url}/metrics`)).text());
    const devices = m.get('node_disk_reads_completed_total')?.samples.map((x) => x.labels.device);
    // The flag's pattern replaced the file's: vda is back, zram0 is gone, loop devices show.
    expect(devices).toContain('vda');
    expect(devices).toContain('loop0');
    expect(devices).not.toContain('zram0');

    const help = await runVigil(['--help']);
    expect(help.stdout).toContain('--collector.filesystem.mount-points-exclude=');
    const bad = await runVigil(['--collector.netdev.device-include=((']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--collector.netdev.device-include: expected a regular expression',
    );
  });

  it('logs JSON when asked and exits 0 on SIGTERM', async () => {
    const vigil = await startVigil([
      '--log.format=json',
      '--collector.disable-defaults',
      '--collector.loadavg',
    ]);
    const res = await fetch(`${vigil.url}/-/ready`);
    expect(res.status).toBe(200);
    expect(await vigil.stop('SIGTERM')).toBe(0);
    const lines = vigil
      .log()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'starting vigil' });
    expect(lines.at(-1)).toMatchObject({ msg: 'stopped' });
  });
});
