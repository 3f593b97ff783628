/**
 * Scrape cost of several vigil builds, each started with its default collectors, alternated
 * within each of three runs, with node_exporter's default collectors as the reference in the
 * same run. For "does this change cost more per scrape than the build before it".
 *
 *   git worktree add /tmp/before <commit> && (cd /tmp/before && npm ci && npm run build)
 *   npm run build && npx tsx test/bench/builds.ts --builds=/tmp/before,. [--scrapes=1000] [--same-flags]
 *
 * Each build is a checkout with `dist/` built and runs through its own shebang, with its own V8
 * flags; `--same-flags` runs every build with this checkout's flags instead, to compare the
 * code alone.
 *
 * `--starts=N` compares start-up instead: N starts of each build per run, alternated, each
 * timed from spawning to the first successful scrape (polled every 2 ms), with the CPU the
 * process used until then from /proc (start-up is CPU-bound, and CPU time is steadier than
 * wall time on a shared machine).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../helpers/ports.js';
import { V8_FLAGS } from '../helpers/process.js';
import { findTool } from '../helpers/tools.js';
import { benchArgs, cpuModel, cpuMs, measure, spread, stop } from './measure.js';

const args = benchArgs();
const BUILDS = (args.get('builds') ?? '.').split(',').map((b) => resolve(b));
const options = {
  scrapes: Number(args.get('scrapes') ?? 1000),
  warmup: Number(args.get('warmup') ?? 100),
};
const RUNS = Number(args.get('runs') ?? 3);
const SAME_FLAGS = args.has('same-flags');
const STARTS = Number(args.get('starts') ?? 0);

function spawnBuild(command: string, argv: string[]) {
  return SAME_FLAGS && command.endsWith('.js')
    ? spawn(process.execPath, [...V8_FLAGS, command, ...argv], { stdio: 'ignore' })
    : spawn(command, argv, { stdio: 'ignore' });
}

async function cpuPerScrape(command: string, extra: string[]): Promise<number> {
  const port = await freePort();
  const argv = [`--web.listen-address=127.0.0.1:${port}`, ...extra];
  const child = spawnBuild(command, argv);
  try {
    return (await measure(command, child, `http://127.0.0.1:${port}/metrics`, options))
      .cpuPerScrape;
  } finally {
    await stop(child);
  }
}

/** Milliseconds and CPU milliseconds from spawning a build to its first successful scrape. */
async function startUp(command: string): Promise<{ ms: number; cpu: number }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/metrics`;
  const begun = performance.now();
  const child = spawnBuild(command, [`--web.listen-address=127.0.0.1:${port}`, '--log.level=warn']);
  try {
    for (;;) {
      const ok = await fetch(url).then(
        async (r) => {
          await r.text();
          return r.ok;
        },
        () => false,
      );
      if (ok) break;
      if (performance.now() - begun > 30_000) throw new Error(`${command} did not start`);
      await new Promise((r) => setTimeout(r, 2));
    }
    return { ms: performance.now() - begun, cpu: cpuMs(child.pid as number) };
  } finally {
    await stop(child);
  }
}

if (STARTS > 0) {
  const ms = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  for (let run = 1; run <= RUNS; run++) {
    console.error(`run ${run}/${RUNS}`);
    for (let i = 0; i < STARTS; i++)
      for (const build of BUILDS) {
        const s = await startUp(`${build}/dist/exporter/main.js`);
        ms.set(build, [...(ms.get(build) ?? []), s.ms]);
        cpu.set(build, [...(cpu.get(build) ?? []), s.cpu]);
      }
  }
  const f = (values: number[]) => {
    const { min, median, max } = spread(values);
    return `${min.toFixed(0)} / ${median.toFixed(0)} / ${max.toFixed(0)}`;
  };
  console.log(
    `\n${RUNS} runs of ${STARTS} starts of each build, alternated, ${cpuModel()}, Node.js ${process.versions.node}\n`,
  );
  console.log('| build | start to first scrape, ms | CPU ms until then |');
  console.log('| --- | ---: | ---: |');
  for (const build of BUILDS)
    console.log(`| vigil ${build} | ${f(ms.get(build) ?? [])} | ${f(cpu.get(build) ?? [])} |`);
  process.exit(0);
}

const nodeExporter = findTool('prometheus-node-exporter', 'node_exporter');
if (!nodeExporter)
  throw new Error('node_exporter not found: apt-get install prometheus-node-exporter');
const cpu = new Map<string, number[]>();
const ratios = new Map<string, number[]>();
for (let run = 1; run <= RUNS; run++) {
  const reference = await cpuPerScrape(nodeExporter, []);
  cpu.set('node_exporter', [...(cpu.get('node_exporter') ?? []), reference]);
  for (const build of BUILDS) {
    console.error(`run ${run}/${RUNS}: ${build}`);
    const ms = await cpuPerScrape(`${build}/dist/exporter/main.js`, ['--log.level=warn']);
    cpu.set(build, [...(cpu.get(build) ?? []), ms]);
    ratios.set(build, [...(ratios.get(build) ?? []), ms / reference]);
  }
}

const fmt = (values: number[]) => {
  const { min, median, max } = spread(values);
  return `${min.toFixed(2)} / ${median.toFixed(2)} / ${max.toFixed(2)}`;
};
console.log(
  `\n${RUNS} runs of ${options.scrapes} scrapes, ${cpuModel()}, Node.js ${process.versions.node}, ${SAME_FLAGS ? `every build with ${V8_FLAGS.join(' ')}` : "each build with its own entry point's V8 flags"}\n`,
);
console.log(
  '| exporter, default collectors | CPU ms/scrape | ratio to node_exporter in the same run |',
);
console.log('| --- | ---: | ---: |');
console.log(`| node_exporter | ${fmt(cpu.get('node_exporter') ?? [])} | |`);
for (const build of BUILDS)
  console.log(
    `| vigil ${build} | ${fmt(cpu.get(build) ?? [])} | ${fmt(ratios.get(build) ?? [])} |`,
  );
