/**
 * What each default host collector costs on this machine, run in this process one collector
 * at a time (in a scrape they run together, so their own durations overlap).
 *
 *   npm run bench:collectors                      # 300 collections each, three runs
 *   npm run bench:collectors -- --collections=1000
 *
 * Prints microseconds per collection, minimum, median and maximum of three runs, costliest
 * first. Collectors that read per-process data or follow sources are left out: the process
 * benchmark covers them.
 */
import { COLLECTORS } from '../../exporter/collectors/index.js';
import { defaultConfig, sectionAt } from '../../exporter/config/schema.js';
import { silentLogger } from '../../exporter/core/logger.js';
import { benchArgs, spread } from './measure.js';

const args = benchArgs();
const COLLECTIONS = Number(args.get('collections') ?? 300);
const RUNS = Number(args.get('runs') ?? 3);
const SKIPPED = new Set(['anomaly', 'apis', 'logs', 'ports', 'process_groups']);

const config = defaultConfig();
const signal = new AbortController().signal;
const perCollector = new Map<string, number[]>();
for (let run = 0; run < RUNS; run++) {
  for (const definition of COLLECTORS) {
    if (!definition.defaultEnabled || SKIPPED.has(definition.name)) continue;
    const collector = definition.create({
      paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
      logger: silentLogger,
      settings: () => sectionAt(config, definition.section) as never,
      collect: async () => ({ families: [], failed: [] }),
    });
    for (let i = 0; i < 20; i++) await collector.collect(signal);
    const started = performance.now();
    for (let i = 0; i < COLLECTIONS; i++) await collector.collect(signal);
    const us = ((performance.now() - started) / COLLECTIONS) * 1000;
    perCollector.set(definition.name, [...(perCollector.get(definition.name) ?? []), us]);
  }
}

const rows = [...perCollector].map(([name, runs]) => ({ name, ...spread(runs) }));
rows.sort((a, b) => b.median - a.median);
console.log(
  `\n${COLLECTIONS} collections per run, ${RUNS} runs, Node.js ${process.versions.node}\n`,
);
console.log('| collector | µs per collection (min / median / max) |');
console.log('| --- | ---: |');
const fmt = (n: number) => n.toFixed(1);
for (const r of rows)
  console.log(`| ${r.name} | ${fmt(r.min)} / ${fmt(r.median)} / ${fmt(r.max)} |`);
const total = rows.reduce((sum, r) => sum + r.median, 0);
console.log(`| all of them (sum of medians) | ${fmt(total)} |`);
