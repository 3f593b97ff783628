import { z } from 'zod';
import { parseDuration } from './duration.js';

/** A Prometheus-style duration string, parsed to seconds. */
export const duration = z.unknown().transform((text, ctx) => {
  const seconds = typeof text === 'string' ? parseDuration(text) : null;
  if (seconds === null) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a duration such as 5s, 1m30s or 250ms, got ${JSON.stringify(text)}`,
    });
    return z.NEVER;
  }
  return seconds;
});

/** A regular expression given as a string, checked at load; empty means "none". */
export const pattern = z.string().superRefine((source, ctx) => {
  try {
    new RegExp(source);
  } catch (err) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a regular expression: ${(err as Error).message}`,
    });
  }
});

/** node_exporter 1.5's default exclusions, so filesystem series match it one for one. */
export const DEFAULT_MOUNT_POINTS_EXCLUDE =
  '^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)';
export const DEFAULT_FS_TYPES_EXCLUDE =
  '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$';
export const DEFAULT_DISK_DEVICE_EXCLUDE = '^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$';

const filesystem = z.strictObject({
  mount_points_exclude: pattern.default(DEFAULT_MOUNT_POINTS_EXCLUDE),
  fs_types_exclude: pattern.default(DEFAULT_FS_TYPES_EXCLUDE),
  /** How long one statfs may take before the mount is reported with device_error 1. */
  statfs_timeout: duration.default(2),
});

const diskstats = z.strictObject({
  device_exclude: pattern.default(DEFAULT_DISK_DEVICE_EXCLUDE),
  device_include: pattern.default(''),
});

const netdev = z.strictObject({
  device_exclude: pattern.default(''),
  device_include: pattern.default(''),
});

export const configSchema = z.strictObject({
  scrape: z
    .strictObject({
      /** Deadline for each collector within one scrape. */
      timeout: duration.default(5),
    })
    .prefault({}),
  collectors: z
    .strictObject({
      filesystem: filesystem.prefault({}),
      diskstats: diskstats.prefault({}),
      netdev: netdev.prefault({}),
    })
    .prefault({}),
});

export type VigilConfig = z.output<typeof configSchema>;

/** The configuration used when no file is given. */
export function defaultConfig(): VigilConfig {
  return configSchema.parse({});
}
