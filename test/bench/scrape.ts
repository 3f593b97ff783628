/**
 * Scrape benchmark: vigil's host collectors side by side with node_exporter, same machine,
 * same run, same collectors. Prints a Markdown table.
 *
 *   npm run bench:scrape                      # 1000 scrapes each
 *   npm run bench:scrape -- --scrapes=10000   # the RSS-after-10k check
 *
 * CPU per scrape is the server's own user+system time (from /proc/<pid>/stat) over the
 * measured scrapes; latency is measured by this client, one scrape at a time.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HOST_COLLECTORS } from '../helpers/collectors.js';
import { freePort, waitForHttp } from '../helpers/ports.js';
import { findTool } from '../helpers/tools.js';

const CLK_TCK = 100;

const args = new Map(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]),
);
const SCRAPES = Number(args.get('scrapes') ?? 1000);
const WARMUP = Number(args.get('warmup') ?? 100);

function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLK_TCK) * 1000;
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1]) / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

interface Result {
  name: string;
  series: number;
  p50: number;
  p99: number;
  cpuPerScrape: number;
  rssStart: number;
  rssEnd: number;
  rssCurve: number[];
}

async function measure(name: string, child: ChildProcess, url: string): Promise<Result> {
  await waitForHttp(url);
  const pid = child.pid as number;
  let series = 0;
  for (let i = 0; i < WARMUP; i++) await (await fetch(url)).text();
  const rssStart = rssMb(pid);
  const cpuStart = cpuMs(pid);
  const latencies: number[] = [];
  const rssCurve: number[] = [];
  for (let i = 0; i < SCRAPES; i++) {
    const started = performance.now();
    const body = await (await fetch(url)).text();
    latencies.push(performance.now() - started);
    if (i === 0) series = body.split('\n').filter((l) => l && !l.startsWith('#')).length;
    if ((i + 1) % Math.max(1, Math.floor(SCRAPES / 10)) === 0)
      rssCurve.push(Math.round(rssMb(pid)));
  }
  const cpuPerScrape = (cpuMs(pid) - cpuStart) / SCRAPES;
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
  };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function main(): Promise<void> {
  const results: Result[] = [];

  const vigilPort = await freePort();
  const main = fileURLToPath(new URL('../../dist/exporter/main.js', import.meta.url));
  // Run through its shebang, with the V8 flags a user gets from the `vigil` command.
  const vigil = spawn(main, [`--web.listen-address=127.0.0.1:${vigilPort}`, '--log.level=warn'], {
    stdio: 'inherit',
  });
  try {
    results.push(await measure('vigil', vigil, `http://127.0.0.1:${vigilPort}/metrics`));
  } finally {
    await stop(vigil);
  }

  const nodeExporter = findTool('prometheus-node-exporter', 'node_exporter');
  if (nodeExporter) {
    const version = execFileSync(nodeExporter, ['--version'], { encoding: 'utf8' })
      .split('\n')[0]
      ?.match(/version (\S+)/)?.[1];
    for (const [label, extra] of [
      [
        `node_exporter ${version}, same collectors`,
        ['--collector.disable-defaults', ...HOST_COLLECTORS.map((c) => `--collector.${c}`)],
      ],
      [`node_exporter ${version}, default collectors`, []],
    ] as const) {
      const port = await freePort();
      const child = spawn(nodeExporter, [`--web.listen-address=127.0.0.1:${port}`, ...extra], {
        stdio: 'ignore',
      });
      try {
        results.push(await measure(label, child, `http://127.0.0.1:${port}/metrics`));
      } finally {
        await stop(child);
      }
    }
  } else {
    console.error(
      'node_exporter not found (apt-get install prometheus-node-exporter): vigil measured alone',
    );
  }

  const cpuModel =
    /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  console.log(
    `\n${SCRAPES} sequential scrapes after ${WARMUP} warm-up, ${cpuModel}, Node.js ${process.versions.node}\n`,
  );
  console.log(
    '| exporter | series | p50 ms | p99 ms | CPU ms/scrape | RSS MB start → end | RSS MB every 10% |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | --- | --- |');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.series} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.cpuPerScrape.toFixed(2)} | ${r.rssStart.toFixed(0)} → ${r.rssEnd.toFixed(0)} | ${r.rssCurve.join(' ')} |`,
    );
  }
}

await main();
