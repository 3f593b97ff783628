import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type SysctlSettings, sysctlCollector } from '../../../exporter/collectors/sysctl.js';
import { parseConfig } from '../../../exporter/config/load.js';
import { collectorContext } from '../../helpers/collectors.js';

const root = mkdtempSync(join(tmpdir(), 'vigil-sysctl-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SYSCTLS: Record<string, string> = {
  'kernel/threads-max': '7801\n',
  'fs/file-nr': '1024\t0\t1631329\n',
  'kernel/seccomp/actions_avail':
    'kill_process kill_thread trap errno user_notif trace log allow\n',
  'kernel/ostype': 'Linux\n',
  'kernel/empty': '\n',
  'net/ipv4/ip_local_reserved_ports': `${Array.from({ length: 40 }, (_, i) => 1000 + i).join(',')}\n`,
  'net/ipv4/tcp_rmem': `${Array.from({ length: 30 }, (_, i) => 100000 + i).join(' ')}\n`,
};
for (const [path, text] of Object.entries(SYSCTLS)) {
  const file = join(root, 'sys', path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

async function collect(include: string[], include_info: string[] = []) {
  const settings: SysctlSettings = { include, include_info };
  const collector = sysctlCollector.create(
    collectorContext({ procfs: root, sysfs: root, rootfs: root }, () => settings),
  );
  return collector.collect(new AbortController().signal);
}

describe('sysctl collector', () => {
  it('is off by default and has no sysctls unless asked, as in node_exporter 1.5', async () => {
    expect(sysctlCollector.defaultEnabled).toBe(false);
    expect(await collect([])).toEqual([]);
  });

  it('exposes one untyped gauge, one per index, or one per named field', async () => {
    const families = await collect([
      'kernel.threads-max',
      'fs.file-nr',
      'fs.file-nr:total,current,max',
    ]);
    expect(families.map((f) => [f.name, f.type, f.help])).toEqual([
      ['node_sysctl_kernel_threads_max', 'untyped', 'sysctl kernel.threads-max'],
      ['node_sysctl_fs_file_nr', 'untyped', 'sysctl fs.file-nr'],
      ['node_sysctl_fs_file_nr_total', 'untyped', 'sysctl fs.file-nr, field 0'],
      ['node_sysctl_fs_file_nr_current', 'untyped', 'sysctl fs.file-nr, field 1'],
      ['node_sysctl_fs_file_nr_max', 'untyped', 'sysctl fs.file-nr, field 2'],
    ]);
    expect(families[0]?.samples).toEqual([{ labels: {}, value: 7801 }]);
    expect(families[1]?.samples.map((s) => [s.labels.index, s.value])).toEqual([
      ['0', 1024],
      ['1', 0],
      ['2', 1631329],
    ]);
  });

  it('exposes string sysctls as labels of node_sysctl_info, one series per value', async () => {
    const [info] = await collect([], ['kernel.ostype', 'kernel.seccomp.actions_avail']);
    expect(info?.name).toBe('node_sysctl_info');
    expect(info?.samples[0]).toEqual({
      labels: { index: '0', name: 'kernel.ostype', value: 'Linux' },
      value: 1,
    });
    expect(info?.samples).toHaveLength(9);
    expect(info?.samples[8]?.labels).toEqual({
      index: '7',
      name: 'kernel.seccomp.actions_avail',
      value: 'allow',
    });
  });

  it('reads only the first 128 bytes of a value, as procfs does for node_exporter', async () => {
    const [info] = await collect([], ['net.ipv4.ip_local_reserved_ports']);
    expect(info?.samples[0]?.labels.value).toBe(
      (SYSCTLS['net/ipv4/ip_local_reserved_ports'] as string).slice(0, 128),
    );
    const [rmem] = await collect(['net.ipv4.tcp_rmem']);
    // 18 whole values of 7 characters and a separator, then the 128th byte cuts "100018" short.
    expect(rmem?.samples.map((s) => s.value).slice(-2)).toEqual([100017, 10]);
  });

  it('does not repeat a series when a sysctl is asked for twice', async () => {
    const families = await collect(['kernel.threads-max', 'kernel.threads-max']);
    expect(families[0]?.samples).toHaveLength(1);
  });

  it('fails where node_exporter fails', async () => {
    await expect(collect(['kernel.nope'])).rejects.toThrow(/sysctl kernel.nope: .* does not exist/);
    await expect(collect(['kernel.ostype'])).rejects.toThrow(
      /sysctl kernel.ostype: .*not an integer/,
    );
    await expect(collect(['kernel.empty'])).rejects.toThrow(/sysctl kernel.empty has no values/);
    await expect(collect(['kernel.threads-max:a,b'])).rejects.toThrow(/has only one value/);
    await expect(collect(['fs.file-nr:a,b'])).rejects.toThrow(/has 3 values but 2 keys/);
    await expect(collect([], ['kernel.seccomp.actions_avail:a,b,c,d,e,f,g,h'])).rejects.toThrow(
      /keys are not supported/,
    );
  });

  it('takes its lists from the config file', () => {
    const config = parseConfig(
      'collectors:\n  sysctl:\n    include: ["fs.file-nr:total,current,max"]\n    include_info: [kernel.ostype]\n',
      'vigil.yml',
    );
    expect(config.collectors.sysctl).toEqual({
      include: ['fs.file-nr:total,current,max'],
      include_info: ['kernel.ostype'],
    });
    expect(() =>
      parseConfig('collectors:\n  sysctl:\n    include: ["fs.file-nr:to-tal"]\n', 'vigil.yml'),
    ).toThrow(/collectors\.sysctl\.include\[0\]: expected a sysctl name/);
  });
});
