/**
 * Footprint: what vigil costs beside its peers, in one run, three times over.
 *
 *   npm run bench:footprint
 *   npm run bench:footprint -- --starts=10 --requests=5000 --runs=3
 *
 * - start: from spawning the process to the first successful scrape of /metrics (polled every
 *   2 ms), vigil with its default collectors against node_exporter with its own, and a bare
 *   `node:http` server with vigil's V8 flags as the floor of any Node.js server;
 * - /-/healthy: server CPU per request (from /proc/<pid>/stat) over sequential requests, each
 *   on a new connection as curl makes them, vigil against the same bare server and
 *   node_exporter;
 * - RSS after the requests.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/ports.js';
import { MAIN, V8_FLAGS } from '../helpers/process.js';
import { findTool } from '../helpers/tools.js';
import { benchArgs, cpuModel, cpuMs, rssMb, spread, stop } from './measure.js';

const args = benchArgs();
const STARTS = Number(args.get('starts') ?? 10);
const REQUESTS = Number(args.get('requests') ?? 5000);
const RUNS = Number(args.get('runs') ?? 3);

const BARE = join(tmpdir(), 'vigil-bench-bare-http.mjs');
writeFileSync(
  BARE,
  `import { createServer } from 'node:http';
const [host, port] = process.argv[2].split(':');
createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 8 });
  res.end('Healthy\\n');
}).listen(Number(port), host);
`,
);

interface Server {
  name: string;
  command: string;
  args: (address: string) => string[];
}

const nodeExporter = findTool('prometheus-node-exporter', 'node_exporter');
if (!nodeExporter)
  throw new Error('node_exporter not found: apt-get install prometheus-node-exporter');
const SERVERS: Server[] = [
  { name: 'vigil', command: MAIN, args: (a) => [`--web.listen-address=${a}`, '--log.level=warn'] },
  {
    name: `node_exporter ${execFileSync(nodeExporter, ['--version'], { encoding: 'utf8' }).match(/version (\S+)/)?.[1]}`,
    command: nodeExporter,
    args: (a) => [`--web.listen-address=${a}`],
  },
  { name: 'bare node:http', command: process.execPath, args: (a) => [...V8_FLAGS, BARE, a] },
];

function get(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

async function started(server: Server): Promise<{ child: ChildProcess; ms: number; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const begun = performance.now();
  const child = spawn(server.command, server.args(`127.0.0.1:${port}`), { stdio: 'ignore' });
  const agent = new Agent({ keepAlive: false });
  for (;;) {
    // The bare server answers every path; the exporters are ready when /metrics answers.
    if ((await get(agent, `${url}/metrics`).catch(() => 0)) === 200) break;
    if (performance.now() - begun > 30_000) throw new Error(`${server.name} did not start`);
    await new Promise((r) => setTimeout(r, 2));
  }
  return { child, ms: performance.now() - begun, url };
}

async function healthy(server: Server): Promise<{ cpu: number; rss: number }> {
  const { child, url } = await started(server);
  try {
    const agent = new Agent({ keepAlive: false });
    for (let i = 0; i < 500; i++) await get(agent, `${url}/-/healthy`);
    const pid = child.pid as number;
    const before = cpuMs(pid);
    for (let i = 0; i < REQUESTS; i++) await get(agent, `${url}/-/healthy`);
    const cpu = (cpuMs(pid) - before) / REQUESTS;
    agent.destroy();
    return { cpu, rss: rssMb(pid) };
  } finally {
    await stop(child);
  }
}

const startMs = new Map<string, number[]>();
const healthyCpu = new Map<string, number[]>();
const healthyRss = new Map<string, number[]>();
const push = (m: Map<string, number[]>, k: string, v: number) => m.set(k, [...(m.get(k) ?? []), v]);
for (let run = 1; run <= RUNS; run++) {
  console.error(`run ${run}/${RUNS}`);
  for (let i = 0; i < STARTS; i++) {
    for (const server of SERVERS) {
      const { child, ms } = await started(server);
      push(startMs, server.name, ms);
      await stop(child);
    }
  }
  for (const server of SERVERS) {
    const { cpu, rss } = await healthy(server);
    push(healthyCpu, server.name, cpu);
    push(healthyRss, server.name, rss);
  }
}

const fmt = (values: number[], digits: number) => {
  const { min, median, max } = spread(values);
  return `${min.toFixed(digits)} / ${median.toFixed(digits)} / ${max.toFixed(digits)}`;
};
console.log(
  `\n${RUNS} runs, each of ${STARTS} starts per server and ${REQUESTS} requests of /-/healthy; ${cpuModel()}, Node.js ${process.versions.node}\n`,
);
console.log(
  '| server | start to first scrape, ms (min / median / max) | CPU ms per /-/healthy request | RSS MB after them |',
);
console.log('| --- | ---: | ---: | ---: |');
for (const server of SERVERS) {
  console.log(
    `| ${server.name} | ${fmt(startMs.get(server.name) ?? [], 0)} | ${fmt(healthyCpu.get(server.name) ?? [], 3)} | ${fmt(healthyRss.get(server.name) ?? [], 0)} |`,
  );
}
