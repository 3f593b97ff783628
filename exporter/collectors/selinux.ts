import { accessSync, constants, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { HostPaths } from '../core/collector.js';
import { defineCollector } from '../core/collector.js';
import { single } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import {
  configuredEnforceMode,
  parseSelinuxConfig,
  parseSelinuxEnforce,
  parseSelinuxfsMounts,
} from '../parsers/selinux.js';
import { hasProcfs } from './fallback.js';
import { readExtra } from './source.js';

/** statfs(2) f_type of selinuxfs (linux/magic.h). */
const SELINUX_MAGIC = 0xf97cff8c;

/**
 * A writable selinuxfs is mounted at this path. A read-only one is how container runtimes
 * tell a container that SELinux is not for it, and go-selinux then reports it disabled.
 */
function isSelinuxfs(path: string): boolean {
  try {
    if (statfsSync(path).type >>> 0 !== SELINUX_MAGIC) return false;
  } catch {
    return false;
  }
  try {
    accessSync(path, constants.W_OK);
  } catch (err) {
    // EROFS comes before the permission check, so an unprivileged reader still tells.
    if ((err as NodeJS.ErrnoException).code === 'EROFS') return false;
  }
  return true;
}

/** Where selinuxfs is mounted, found as go-selinux finds it; null when it is not. */
function findSelinuxfs(paths: HostPaths): string | null {
  const usual = join(paths.sysfs, 'fs/selinux');
  if (isSelinuxfs(usual)) return usual;
  // Older systems mount it at /selinux: look through the mounts, if the kernel has it at all.
  if (!readExtra(join(paths.procfs, 'filesystems'))?.includes('\tselinuxfs\n')) return null;
  const mountinfo = readExtra(join(paths.procfs, 'self/mountinfo')) ?? '';
  return parseSelinuxfsMounts(mountinfo).find(isSelinuxfs) ?? null;
}

/** The reader's own security context; null when unreadable. */
function currentLabel(paths: HostPaths): string | null {
  const text =
    readExtra(join(paths.procfs, 'thread-self/attr/current')) ??
    readExtra(join(paths.procfs, 'self/attr/current'));
  return text === null ? null : text.replace(/\0$/, '');
}

export interface SelinuxState {
  readonly enabled: boolean;
  /** SELINUX= of /etc/selinux/config: 1 enforcing, 0 permissive, -1 disabled or unset. */
  readonly configMode: number;
  /** selinuxfs's enforce: 1 enforcing, 0 permissive, -1 unreadable. */
  readonly currentMode: number;
}

/** What the host says about SELinux, as node_exporter 1.5 (through go-selinux) decides it. */
export function readSelinuxState(paths: HostPaths): SelinuxState {
  const mount = findSelinuxfs(paths);
  // Without a policy loaded, the kernel labels every task "kernel": not enabled. An
  // unreadable label does not disable it (go-selinux ignores that error).
  const enabled = mount !== null && currentLabel(paths) !== 'kernel';
  if (!enabled) return { enabled, configMode: -1, currentMode: -1 };
  const config = parseSelinuxConfig(readExtra(join(paths.rootfs, 'etc/selinux/config')) ?? '');
  let currentMode = -1;
  const enforce = readExtra(join(mount, 'enforce'));
  if (enforce !== null) {
    try {
      currentMode = parseSelinuxEnforce(enforce);
    } catch {
      // go-selinux reports an unreadable mode as -1, and node_exporter exposes that.
    }
  }
  return { enabled, configMode: configuredEnforceMode(config), currentMode };
}

/** node_selinux_enabled always; the modes only when SELinux is enabled, as node_exporter 1.5. */
export function selinuxFamilies(state: SelinuxState): MetricFamily[] {
  const enabled = single(
    'node_selinux_enabled',
    'SELinux is enabled, 1 is true, 0 is false',
    'gauge',
    state.enabled ? 1 : 0,
  );
  if (!state.enabled) return [enabled];
  return [
    enabled,
    single(
      'node_selinux_config_mode',
      'Configured SELinux enforcement mode',
      'gauge',
      state.configMode,
    ),
    single(
      'node_selinux_current_mode',
      'Current SELinux enforcement mode',
      'gauge',
      state.currentMode,
    ),
  ];
}

export const selinuxCollector = defineCollector({
  name: 'selinux',
  defaultEnabled: true,
  nodeExporter: true,
  description:
    'Whether SELinux is enabled, and its configured and current enforcement modes (selinuxfs, /etc/selinux/config).',
  create: ({ paths }) => ({
    async collect() {
      // SELinux is Linux's; node_exporter has no such collector elsewhere.
      if (!(await hasProcfs(paths.procfs))) return [];
      return selinuxFamilies(readSelinuxState(paths));
    },
  }),
});
