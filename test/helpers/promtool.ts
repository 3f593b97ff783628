import { spawnSync } from 'node:child_process';

/**
 * Lints that node_exporter 1.5 draws for the same names, and that vigil keeps so existing
 * dashboards work: the kernel's CamelCase field names (node_memory_MemTotal_bytes,
 * node_netstat_TcpExt_SyncookiesSent) and entropy counted in bits. No other lint is accepted.
 */
const ACCEPTED = [
  /^node_(memory|netstat|vmstat)_\w+ metric names should be written in 'snake_case' not 'camelCase'$/,
  /^node_entropy_\w+_bits use base unit "bytes" instead of "bits"$/,
];

/** What `promtool check metrics` finds wrong with an exposition: parse errors and lints. */
export function lintExposition(promtool: string, exposition: string): string[] {
  const result = spawnSync(promtool, ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  const problems = `${result.stdout}${result.stderr}`.split('\n').filter((l) => l.trim() !== '');
  return problems.filter((l) => !ACCEPTED.some((re) => re.test(l)));
}
