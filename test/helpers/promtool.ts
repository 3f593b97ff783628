import { spawnSync } from 'node:child_process';

/**
 * node_exporter's meminfo names keep the kernel's CamelCase (node_memory_MemTotal_bytes);
 * vigil keeps them too so existing dashboards work, and this is the only lint it accepts.
 */
const ACCEPTED = /^node_memory_\w+ metric names should be written in 'snake_case' not 'camelCase'$/;

/** What `promtool check metrics` finds wrong with an exposition: parse errors and lints. */
export function lintExposition(promtool: string, exposition: string): string[] {
  const result = spawnSync(promtool, ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  const problems = `${result.stdout}${result.stderr}`.split('\n').filter((l) => l.trim() !== '');
  return problems.filter((l) => !ACCEPTED.test(l));
}
