import { describe, expect, it } from 'vitest';
import {
  createFilesystemCollector,
  type FsStats,
  GuardedStatfs,
} from '../../../exporter/collectors/filesystem.js';
import { defaultConfig } from '../../../exporter/config/schema.js';
import { collectorContext } from '../../helpers/collectors.js';
import { FIXTURE_PATHS } from '../../helpers/server.js';

const STATS: FsStats = { bsize: 4096, blocks: 1000, bfree: 400, bavail: 300, files: 50, ffree: 20 };

describe('filesystem collector', () => {
  it('reports a hung mount through device_error without blocking the others', async () => {
    const config = defaultConfig();
    config.collectors.filesystem.statfs_timeout = 0.1;
    let bootCalls = 0;
    const statfs = (path: string): Promise<FsStats> => {
      if (path.endsWith('/boot/efi')) {
        bootCalls++;
        return new Promise(() => {});
      }
      return Promise.resolve(STATS);
    };
    const collector = createFilesystemCollector(
      collectorContext(FIXTURE_PATHS, () => config.collectors.filesystem),
      statfs,
    );

    const started = performance.now();
    const families = await collector.collect(new AbortController().signal);
    expect(performance.now() - started).toBeLessThan(1000);
    const value = (name: string, mountpoint: string) =>
      families.find((f) => f.name === name)?.samples.find((s) => s.labels.mountpoint === mountpoint)
        ?.value;
    expect(value('node_filesystem_device_error', '/boot/efi')).toBe(1);
    expect(value('node_filesystem_size_bytes', '/boot/efi')).toBeUndefined();
    expect(value('node_filesystem_device_error', '/')).toBe(0);
    expect(value('node_filesystem_size_bytes', '/')).toBe(4096 * 1000);
    expect(value('node_filesystem_avail_bytes', '/')).toBe(4096 * 300);
    expect(value('node_filesystem_readonly', '/srv/data dir')).toBe(1);

    // The stuck call is not repeated while it is pending.
    await collector.collect(new AbortController().signal);
    expect(bootCalls).toBe(1);
  });

  it('applies node_exporter default exclusions and drops duplicate mounts', async () => {
    const config = defaultConfig();
    const collector = createFilesystemCollector(
      collectorContext(FIXTURE_PATHS, () => config.collectors.filesystem),
      () => Promise.resolve(STATS),
    );
    const families = await collector.collect(new AbortController().signal);
    const mountpoints = families
      .find((f) => f.name === 'node_filesystem_readonly')
      ?.samples.map((s) => s.labels.mountpoint);
    expect(mountpoints).toEqual(['/run', '/', '/boot/efi', '/srv/data dir', '/mnt/gone']);
  });

  it('retries a mount once its stuck statfs returns', async () => {
    let release: (s: FsStats) => void = () => {};
    let calls = 0;
    const guarded = new GuardedStatfs(() => {
      calls++;
      return calls === 1 ? new Promise((r) => (release = r)) : Promise.resolve(STATS);
    });
    expect((await guarded.stat('/nfs', 0.05)).ok).toBe(false);
    expect((await guarded.stat('/nfs', 0.05)).ok).toBe(false);
    release(STATS);
    await new Promise((r) => setTimeout(r, 10));
    expect((await guarded.stat('/nfs', 0.05)).ok).toBe(true);
    expect(calls).toBe(2);
  });
});
