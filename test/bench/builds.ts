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
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../helpers/ports.js';
import { V8_FLAGS } from '../helpers/process.js';
import { findTool } from '../helpers/tools.js';
import { benchArgs, cpuModel, measure, spread, stop } from './measure.js';

const args = benchArgs();
const BUILDS = (args.get('builds') ?? '.').split(',').map((b) => resolve(b));
const options = {
  scrapes: Number(args.get('scrapes') ?? 1000),
  warmup: Number(args.get('warmup') ?? 100),
};
const RUNS = Number(args.get('runs') ?? 3);
const SAME_FLAGS = args.has('same-flags');

async function cpuPerScrape(command: string, extra: string[]): Promise<number> {
  const port = await freePort();
  const argv = [`--web.listen-address=127.0.0.1:${port}`, ...extra];
  const child =
    SAME_FLAGS && command.endsWith('.js')
      ? spawn(process.execPath, [...V8_FLAGS, command, ...argv], { stdio: 'ignore' })
      : spawn(command, argv, { stdio: 'ignore' });
  try {
    return (await measure(command, child, `http://127.0.0.1:${port}/metrics`, options))
      .cpuPerScrape;
  } finally {
    await stop(child);
  }
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
