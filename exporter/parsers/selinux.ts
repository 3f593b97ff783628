import { ParseError } from './parse-error.js';

/**
 * Parse /etc/selinux/config (`SELINUX=enforcing`, `SELINUXTYPE=targeted`) as libselinux and
 * go-selinux read it: blank lines and lines starting with `#` or `;` are comments, a line
 * without `=` is ignored, the key is taken as written, double quotes around the value are
 * dropped, and the first line of a key wins.
 */
export function parseSelinuxConfig(text: string): Map<string, string> {
  const config = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq);
    if (!config.has(key)) config.set(key, line.slice(eq + 1).replace(/^"+|"+$/g, ''));
  }
  return config;
}

/** The enforcement mode SELINUX= configures: 1 enforcing, 0 permissive, -1 otherwise. */
export function configuredEnforceMode(config: ReadonlyMap<string, string>): number {
  const mode = config.get('SELINUX');
  return mode === 'enforcing' ? 1 : mode === 'permissive' ? 0 : -1;
}

const SIGNED_INTEGER = /^[+-]?\d+$/;

/**
 * Parse selinuxfs's `enforce` file: `1` enforcing, `0` permissive. The kernel writes the
 * digit without a newline, and go-selinux reads it strictly, so anything else (a newline
 * included) is malformed; node_exporter then reports the mode as -1.
 */
export function parseSelinuxEnforce(text: string): number {
  if (!SIGNED_INTEGER.test(text))
    throw new ParseError(`expected the enforcement mode, got "${text.slice(0, 20)}"`, 1);
  return Number(text);
}

/**
 * The mount points of selinuxfs mounts in a /proc/<pid>/mountinfo, as written there (spaces
 * stay escaped as \040), in order. A selinuxfs line too short to hold a mount point is
 * skipped, as go-selinux does.
 */
export function parseSelinuxfsMounts(mountinfo: string): string[] {
  const mounts: string[] = [];
  for (const line of mountinfo.split('\n')) {
    if (!line.includes(' - selinuxfs ')) continue;
    const fields = line.split(' ');
    if (fields.length >= 6) mounts.push(fields[4] as string);
  }
  return mounts;
}
