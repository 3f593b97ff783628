import { statfs as fsStatfs } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { duration, pattern } from '../config/fields.js';
import { type Collector, type CollectorContext, defineCollector } from '../core/collector.js';
import { gauge } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { type Mount, parseMounts } from '../parsers/mounts.js';
import { hasProcfs, siFilesystems } from './fallback.js';
import { deviceFilter, parseSource, readExtra } from './source.js';

/** node_exporter 1.5's default exclusions, so filesystem series match it one for one. */
export const DEFAULT_MOUNT_POINTS_EXCLUDE =
  '^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)';
export const DEFAULT_FS_TYPES_EXCLUDE =
  '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$';

/** The `collectors.filesystem:` section: which mounts are reported and how long statfs may take. */
export const filesystemSection = z
  .strictObject({
    mount_points_exclude: pattern.default(DEFAULT_MOUNT_POINTS_EXCLUDE),
    fs_types_exclude: pattern.default(DEFAULT_FS_TYPES_EXCLUDE),
    /** How long one statfs may take before the mount is reported with device_error 1. */
    statfs_timeout: duration.default(2),
  })
  .prefault({});

export type FilesystemSettings = z.output<typeof filesystemSection>;

export interface FsStats {
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}
export type StatfsFn = (path: string) => Promise<FsStats>;

const FAMILIES = {
  size: ['node_filesystem_size_bytes', 'Filesystem size in bytes.'],
  free: ['node_filesystem_free_bytes', 'Filesystem free space in bytes.'],
  avail: ['node_filesystem_avail_bytes', 'Filesystem space available to non-root users in bytes.'],
  files: ['node_filesystem_files', 'Filesystem total file nodes.'],
  filesFree: ['node_filesystem_files_free', 'Filesystem total free file nodes.'],
  readonly: ['node_filesystem_readonly', 'Filesystem read-only status.'],
  deviceError: [
    'node_filesystem_device_error',
    'Whether an error occurred while getting statistics for the given device.',
  ],
} as const;

type Result = { ok: true; stats: FsStats } | { ok: false; reason: string };

/**
 * statfs on a hung mount (dead NFS server) never returns and holds one libuv worker thread.
 * Each mount point has at most one statfs in flight: while one is stuck, later scrapes report
 * the mount with device_error 1 at once instead of piling up calls that would starve every
 * other file operation in the process.
 */
export class GuardedStatfs {
  private readonly stuck = new Map<string, Promise<unknown>>();

  constructor(private readonly statfs: StatfsFn) {}

  async stat(path: string, timeoutSeconds: number): Promise<Result> {
    if (this.stuck.has(path)) return { ok: false, reason: 'an earlier statfs is still pending' };
    const call = this.statfs(path);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutSeconds * 1000);
    });
    try {
      const result = await Promise.race([call, timeout]);
      if (result === 'timeout') {
        this.stuck.set(path, call);
        call.then(
          () => this.stuck.delete(path),
          () => this.stuck.delete(path),
        );
        return { ok: false, reason: `statfs did not return within ${timeoutSeconds}s` };
      }
      return { ok: true, stats: result };
    } catch (err) {
      return { ok: false, reason: (err as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}

function stripRootfs(mountPoint: string, rootfs: string): string {
  if (rootfs === '/' || !mountPoint.startsWith(rootfs)) return mountPoint;
  const rest = mountPoint.slice(rootfs.replace(/\/$/, '').length);
  return rest === '' ? '/' : rest;
}

export function createFilesystemCollector(
  ctx: CollectorContext<FilesystemSettings>,
  statfs: StatfsFn = fsStatfs,
): Collector<FilesystemSettings> {
  const guarded = new GuardedStatfs(statfs);
  const { paths, settings: section, logger } = ctx;

  function readMounts(): { path: string; mounts: Mount[] } | null {
    for (const path of [join(paths.procfs, '1/mounts'), join(paths.procfs, 'mounts')]) {
      const text = readExtra(path);
      if (text !== null) return { path, mounts: parseSource(path, text, parseMounts) };
    }
    return null;
  }

  return {
    async collect() {
      const f = Object.fromEntries(
        Object.entries(FAMILIES).map(([k, [name, help]]) => [k, gauge(name, help)]),
      ) as Record<keyof typeof FAMILIES, ReturnType<typeof gauge>>;
      const build = () =>
        Object.values(f)
          .filter((b) => b.size > 0)
          .map((b) => b.build());

      if (!(await hasProcfs(paths.procfs))) {
        for (const fs of await siFilesystems()) {
          const labels = { device: fs.device, fstype: fs.fsType, mountpoint: fs.mountPoint };
          f.size.add(fs.size, labels);
          f.free.add(fs.free, labels);
          f.avail.add(fs.avail, labels);
          f.readonly.add(fs.readonly ? 1 : 0, labels);
          f.deviceError.add(0, labels);
        }
        return build();
      }

      const found = readMounts();
      if (!found) return [];
      const settings = section();
      const keepMount = deviceFilter('', settings.mount_points_exclude);
      const keepType = deviceFilter('', settings.fs_types_exclude);

      const seen = new Set<string>();
      const mounts = found.mounts.filter((m) => {
        const key = `${m.device}\u0000${stripRootfs(m.mountPoint, paths.rootfs)}\u0000${m.fsType}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return keepMount(stripRootfs(m.mountPoint, paths.rootfs)) && keepType(m.fsType);
      });

      const results = await Promise.all(
        mounts.map((m) =>
          guarded.stat(
            join(paths.rootfs, stripRootfs(m.mountPoint, paths.rootfs)),
            settings.statfs_timeout,
          ),
        ),
      );
      mounts.forEach((m, i) => {
        const mountpoint = stripRootfs(m.mountPoint, paths.rootfs);
        const labels = { device: m.device, fstype: m.fsType, mountpoint };
        const result = results[i] as Result;
        f.readonly.add(m.options.includes('ro') ? 1 : 0, labels);
        if (!result.ok) {
          logger.debug('statfs failed', { mountpoint, err: result.reason });
          f.deviceError.add(1, labels);
          return;
        }
        const s = result.stats;
        f.deviceError.add(0, labels);
        f.size.add(s.blocks * s.bsize, labels);
        f.free.add(s.bfree * s.bsize, labels);
        f.avail.add(s.bavail * s.bsize, labels);
        f.files.add(s.files, labels);
        f.filesFree.add(s.ffree, labels);
      });
      return build() as MetricFamily[];
    },
  };
}

export const filesystemCollector = defineCollector<FilesystemSettings>({
  name: 'filesystem',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Filesystem size, free space and inodes for each mount (statfs, with a timeout).',
  section: ['collectors', 'filesystem'],
  flags: [
    {
      name: 'mount-points-exclude',
      key: 'mount_points_exclude',
      type: 'pattern',
      default: DEFAULT_MOUNT_POINTS_EXCLUDE,
      help: 'Regexp of mount points to exclude (collectors.filesystem.mount_points_exclude).',
    },
    {
      name: 'fs-types-exclude',
      key: 'fs_types_exclude',
      type: 'pattern',
      default: DEFAULT_FS_TYPES_EXCLUDE,
      help: 'Regexp of filesystem types to exclude (collectors.filesystem.fs_types_exclude).',
    },
  ],
  create: (ctx) => createFilesystemCollector(ctx),
});
