/**
 * V8 flag sets for the entry point, compared on node_exporter's default collector set: CPU per
 * scrape and RSS after many scrapes, three runs each, alternated within each run. For choosing
 * the flags in the shebang of exporter/main.ts (and `npm start`, the image, the systemd unit).
 *
 *   npm run build && npx tsx test/bench/v8-flags.ts [--scrapes=1500] [--runs=3]
 */
import { spawn } from 'node:child_process';
import { NODE_DEFAULT_COLLECTORS } from '../helpers/collectors.js';
import { freePort } from '../helpers/ports.js';
import { MAIN, V8_FLAGS } from '../helpers/process.js';
import { benchArgs, cpuModel, measure, spread, stop } from './measure.js';

const args = benchArgs();
const options = {
  scrapes: Number(args.get('scrapes') ?? 1500),
  warmup: Number(args.get('warmup') ?? 100),
};
const RUNS = Number(args.get('runs') ?? 3);

const VARIANTS: Record<string, string[]> = {
  'no flags': [],
  '--optimize-for-size --max-semi-space-size=1': ['--optimize-for-size', '--max-semi-space-size=1'],
  '--max-semi-space-size=2 --heap-growing-percent=20': [
    '--max-semi-space-size=2',
    '--heap-growing-percent=20',
  ],
  '--max-semi-space-size=2 --single-threaded-gc': [
    '--max-semi-space-size=2',
    '--single-threaded-gc',
  ],
  [`${V8_FLAGS.join(' ')} (the entry point's)`]: V8_FLAGS,
};

const results = new Map<string, { cpu: number[]; rss: number[] }>();
for (let run = 1; run <= RUNS; run++) {
  for (const [name, flags] of Object.entries(VARIANTS)) {
    console.error(`run ${run}/${RUNS}: ${name}`);
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        ...flags,
        MAIN,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
        '--collector.disable-defaults',
        ...NODE_DEFAULT_COLLECTORS.map((c) => `--collector.${c}`),
      ],
      { stdio: 'inherit' },
    );
    try {
      const m = await measure(name, child, `http://127.0.0.1:${port}/metrics`, options);
      const r = results.get(name) ?? { cpu: [], rss: [] };
      r.cpu.push(m.cpuPerScrape);
      r.rss.push(m.rssEnd);
      results.set(name, r);
    } finally {
      await stop(child);
    }
  }
}

const fmt = (values: number[], digits: number) => {
  const { min, median, max } = spread(values);
  return `${min.toFixed(digits)} / ${median.toFixed(digits)} / ${max.toFixed(digits)}`;
};
console.log(
  `\n${RUNS} runs of ${options.scrapes} scrapes of node_exporter's default collector set, ${cpuModel()}, Node.js ${process.versions.node}\n`,
);
console.log('| V8 flags | CPU ms/scrape | RSS MB at the end |');
console.log('| --- | ---: | ---: |');
for (const [name, r] of results) console.log(`| ${name} | ${fmt(r.cpu, 2)} | ${fmt(r.rss, 0)} |`);
