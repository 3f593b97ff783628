/**
 * Process and port collection cost: vigil's processes + ports collectors side by side with
 * Debian's prometheus-process-exporter grouped by comm, in the same run, first with the
 * machine as it is, then with sleeping processes added up to --many (default 600), then
 * with --connections (default 5,000) TCP connections open on loopback as well, as on a busy
 * server, where the ports collector has every socket line to read for a few listeners.
 *
 *   npm run bench:processes
 *   npm run bench:processes -- --scrapes=100 --many=600 --connections=5000
 *
 * Also reports the longest event-loop stall vigil saw during the scrapes (its own
 * nodejs_eventloop_lag_max_seconds), which must stay under 50 ms.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/ports.js';
import { findTool } from '../helpers/tools.js';
import { benchArgs, cpuModel, type Measurement, measure, stop } from './measure.js';

const args = benchArgs();
const SCRAPES = Number(args.get('scrapes') ?? 100);
const MANY = Number(args.get('many') ?? 600);
const CONNECTIONS = Number(args.get('connections') ?? 5_000);
const options = { scrapes: SCRAPES, warmup: 10, keepBodies: true };

const processCount = () => readdirSync('/proc').filter((e) => /^\d+$/.test(e)).length;

function maxLagMs(m: Measurement): number {
  let max = 0;
  for (const body of m.bodies) {
    const line = body.split('\n').find((l) => l.startsWith('nodejs_eventloop_lag_max_seconds '));
    if (line) max = Math.max(max, Number(line.split(' ')[1]) * 1000);
  }
  return max;
}

async function round(label: string, dir: string): Promise<string[]> {
  const rows: string[] = [];
  const procs = processCount();
  const main = fileURLToPath(new URL('../../dist/exporter/main.js', import.meta.url));
  for (const collectors of [['process_groups'], ['process_groups', 'ports']]) {
    const vigilPort = await freePort();
    const vigil = spawn(
      main,
      [
        `--web.listen-address=127.0.0.1:${vigilPort}`,
        '--collector.disable-defaults',
        ...collectors.map((c) => `--collector.${c}`),
        '--log.level=warn',
      ],
      { stdio: 'inherit' },
    );
    try {
      const m = await measure(
        `vigil ${collectors.join(' + ')}`,
        vigil,
        `http://127.0.0.1:${vigilPort}/metrics`,
        options,
      );
      rows.push(
        `| ${label} (${procs}) | ${m.name} | ${m.cpuPerScrape.toFixed(1)} | ${m.p50.toFixed(1)} | ${m.p99.toFixed(1)} | ${maxLagMs(m).toFixed(1)} | ${m.rssEnd.toFixed(0)} |`,
      );
    } finally {
      await stop(vigil);
    }
  }
  const binary = findTool('prometheus-process-exporter', 'process-exporter');
  if (binary) {
    const config = join(dir, 'process-exporter.yml');
    writeFileSync(config, 'process_names:\n  - name: "{{.Comm}}"\n    cmdline: [".+"]\n');
    const port = await freePort();
    const pe = spawn(binary, [`-web.listen-address=127.0.0.1:${port}`, `-config.path=${config}`], {
      stdio: 'ignore',
    });
    try {
      const m = await measure(
        'process-exporter 0.7.10, by comm',
        pe,
        `http://127.0.0.1:${port}/metrics`,
        options,
      );
      rows.push(
        `| ${label} (${procs}) | ${m.name} | ${m.cpuPerScrape.toFixed(1)} | ${m.p50.toFixed(1)} | ${m.p99.toFixed(1)} | n/a | ${m.rssEnd.toFixed(0)} |`,
      );
    } finally {
      await stop(pe);
    }
  }
  return rows;
}

/**
 * `n` established TCP connections on loopback, held until the returned function closes them.
 * Both ends are in this process: 2n open files.
 */
async function openConnections(n: number): Promise<() => void> {
  const server = createServer(() => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const sockets: Socket[] = [];
  const close = () => {
    for (const s of sockets) s.destroy();
    server.close();
  };
  try {
    for (let i = 0; i < n; i++)
      sockets.push(
        await new Promise<Socket>((resolve, reject) => {
          const s = connect(port, '127.0.0.1', () => resolve(s)).once('error', reject);
        }),
      );
  } catch (err) {
    close();
    throw new Error(`--connections=${n} needs ${2 * n} open files (see ulimit -n)`, { cause: err });
  }
  return close;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const sleeper = join(dir, 'benchsleeper');
  copyFileSync('/bin/sleep', sleeper);
  const children: ChildProcess[] = [];
  try {
    const rows = await round('as is', dir);
    while (processCount() < MANY) children.push(spawn(sleeper, ['3600'], { stdio: 'ignore' }));
    await new Promise((r) => setTimeout(r, 500));
    rows.push(...(await round('with sleepers', dir)));
    const closeConnections = await openConnections(CONNECTIONS);
    try {
      rows.push(...(await round(`with sleepers and ${CONNECTIONS} connections`, dir)));
    } finally {
      closeConnections();
    }
    console.log(
      `\n${SCRAPES} sequential scrapes, ${cpuModel()}, Node.js ${process.versions.node}\n`,
    );
    console.log(
      '| processes on the machine | exporter | CPU ms/scrape | p50 ms | p99 ms | longest event-loop stall ms | RSS MB |',
    );
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) console.log(r);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
