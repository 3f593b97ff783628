import { execFileSync } from 'node:child_process';

/**
 * Locate an external binary (promtool, node_exporter, …). Outside CI a missing tool skips
 * the tests that need it; under CI=true it fails them, since CI installs every tool.
 */
export function findTool(...names: string[]): string | null {
  for (const name of names) {
    try {
      const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // not on PATH; try the next name
    }
  }
  if (process.env.CI === 'true') {
    throw new Error(`${names.join(' or ')} is required in CI but is not installed (see .ci/run)`);
  }
  return null;
}
