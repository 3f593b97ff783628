/**
 * Scrape benchmark: vigil side by side with node_exporter, same machine, same run, same
 * collectors, three runs. Prints Markdown tables with minimum, median and maximum.
 *
 *   npm run bench:scrape                                  # 1000 scrapes each, 3 runs
 *   npm run bench:scrape -- --scrapes=10000 --runs=1      # the RSS-after-10k check
 *
 * CPU per scrape is the server's own user+system time (from /proc/<pid>/stat) over the
 * measured scrapes; latency is measured by this client, one scrape at a time.
 */
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HOST_COLLECTORS, NODE_DEFAULT_COLLECTORS } from '../helpers/collectors.js';
import { freePort } from '../helpers/ports.js';
import { findTool } from '../helpers/tools.js';
import { benchArgs, cpuModel, type Measurement, measure, spread, stop } from './measure.js';

const args = benchArgs();
const SCRAPES = Number(args.get('scrapes') ?? 1000);
const WARMUP = Number(args.get('warmup') ?? 100);
const RUNS = Number(args.get('runs') ?? 3);
const options = { scrapes: SCRAPES, warmup: WARMUP };

const only = (names: readonly string[]) => [
  '--collector.disable-defaults',
  ...names.map((c) => `--collector.${c}`),
];

/** Each comparison: vigil's arguments and node_exporter's for the same collectors. */
const COMPARISONS = [
  { name: 'the 12 host collectors', vigil: only(HOST_COLLECTORS), node: only(HOST_COLLECTORS) },
  {
    name: "node_exporter's default set",
    vigil: only(NODE_DEFAULT_COLLECTORS),
    node: only(NODE_DEFAULT_COLLECTORS),
  },
  { name: 'each one started with its defaults', vigil: [], node: [] },
] as const;

const vigilMain = fileURLToPath(new URL('../../dist/exporter/main.js', import.meta.url));

async function scrapeVigil(extra: readonly string[]): Promise<Measurement> {
  const port = await freePort();
  // Run through its shebang, with the V8 flags a user gets from the `vigil` command.
  const vigil = spawn(
    vigilMain,
    [`--web.listen-address=127.0.0.1:${port}`, '--log.level=warn', ...extra],
    { stdio: 'inherit' },
  );
  try {
    return await measure('vigil', vigil, `http://127.0.0.1:${port}/metrics`, options);
  } finally {
    await stop(vigil);
  }
}

async function scrapeNodeExporter(binary: string, extra: readonly string[]): Promise<Measurement> {
  const port = await freePort();
  const child = spawn(binary, [`--web.listen-address=127.0.0.1:${port}`, ...extra], {
    stdio: 'ignore',
  });
  try {
    return await measure('node_exporter', child, `http://127.0.0.1:${port}/metrics`, options);
  } finally {
    await stop(child);
  }
}

async function main(): Promise<void> {
  const nodeExporter = findTool('prometheus-node-exporter', 'node_exporter');
  if (!nodeExporter) {
    console.error('node_exporter not found: apt-get install prometheus-node-exporter');
    process.exit(1);
  }
  const version = execFileSync(nodeExporter, ['--version'], { encoding: 'utf8' }).match(
    /version (\S+)/,
  )?.[1];

  const results = COMPARISONS.map(() => ({
    vigil: [] as Measurement[],
    node: [] as Measurement[],
  }));
  for (let run = 1; run <= RUNS; run++) {
    for (const [i, comparison] of COMPARISONS.entries()) {
      console.error(`run ${run}/${RUNS}: ${comparison.name}`);
      results[i]?.vigil.push(await scrapeVigil(comparison.vigil));
      results[i]?.node.push(await scrapeNodeExporter(nodeExporter, comparison.node));
    }
  }

  const fmt = (values: number[], digits = 2) => {
    const { min, median, max } = spread(values);
    return `${min.toFixed(digits)} / ${median.toFixed(digits)} / ${max.toFixed(digits)}`;
  };
  console.log(
    `\n${RUNS} runs of ${SCRAPES} sequential scrapes after ${WARMUP} warm-up, ${cpuModel()}, Node.js ${process.versions.node}, node_exporter ${version}\n`,
  );
  console.log(
    '| collectors | exporter | series | CPU ms/scrape | ratio vigil / node_exporter | p50 ms | p99 ms | RSS MB at the end |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [i, comparison] of COMPARISONS.entries()) {
    const { vigil, node } = results[i] as { vigil: Measurement[]; node: Measurement[] };
    const ratios = vigil.map((v, run) => v.cpuPerScrape / (node[run]?.cpuPerScrape ?? Number.NaN));
    for (const [name, runs] of [
      ['vigil', vigil],
      [`node_exporter ${version}`, node],
    ] as const) {
      const cpu = fmt(runs.map((r) => r.cpuPerScrape));
      const ratio = name === 'vigil' ? fmt(ratios) : '';
      console.log(
        `| ${comparison.name} | ${name} | ${runs[0]?.series} | ${cpu} | ${ratio} | ${fmt(runs.map((r) => r.p50))} | ${fmt(runs.map((r) => r.p99))} | ${fmt(
          runs.map((r) => r.rssEnd),
          0,
        )} |`,
      );
    }
  }
}

await main();
