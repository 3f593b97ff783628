/** Shared measurement for benchmark scripts: a server process's CPU, memory and latency. */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { waitForHttp } from '../helpers/ports.js';

const CLK_TCK = 100;

export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLK_TCK) * 1000;
}

export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1]) / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export interface Measurement {
  name: string;
  series: number;
  p50: number;
  p99: number;
  cpuPerScrape: number;
  rssStart: number;
  rssEnd: number;
  rssCurve: number[];
  /** Every response body, for scripts that read figures out of them. */
  bodies: string[];
}

/** Scrape `url` one request at a time after a warm-up, measuring the server process. */
export async function measure(
  name: string,
  child: ChildProcess,
  url: string,
  options: { scrapes: number; warmup: number; keepBodies?: boolean },
): Promise<Measurement> {
  await waitForHttp(url, 30_000);
  const pid = child.pid as number;
  for (let i = 0; i < options.warmup; i++) await (await fetch(url)).text();
  const rssStart = rssMb(pid);
  const cpuStart = cpuMs(pid);
  const latencies: number[] = [];
  const rssCurve: number[] = [];
  const bodies: string[] = [];
  let series = 0;
  for (let i = 0; i < options.scrapes; i++) {
    const started = performance.now();
    const body = await (await fetch(url)).text();
    latencies.push(performance.now() - started);
    if (i === 0) series = body.split('\n').filter((l) => l && !l.startsWith('#')).length;
    if (options.keepBodies) bodies.push(body);
    if ((i + 1) % Math.max(1, Math.floor(options.scrapes / 10)) === 0)
      rssCurve.push(Math.round(rssMb(pid)));
  }
  const cpuPerScrape = (cpuMs(pid) - cpuStart) / options.scrapes;
  latencies.sort((a, b) => a - b);
  return {
    name,
    series,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuPerScrape,
    rssStart,
    rssEnd: rssMb(pid),
    rssCurve,
    bodies,
  };
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export function cpuModel(): string {
  return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
}

/** Command-line options as `--key=value`. */
export function benchArgs(): Map<string, string> {
  return new Map(
    process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]),
  );
}

/** Minimum, median and maximum of repeated runs of one figure. */
export function spread(values: readonly number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0] ?? Number.NaN,
    median: sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}
