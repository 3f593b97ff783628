/**
 * Log reading: vigil's logs collector side by side with Debian's mtail, same file, same run.
 *
 *   npm run bench:logs                       # 2,000,000 lines, three runs
 *   npm run bench:logs -- --lines=500000 --lag-samples=100 --runs=3
 *
 * Throughput: both read the same file from its start with two rules, one plain ("ERROR")
 * and one with a label capture (level=…). vigil is timed from spawning it to its
 * vigil_log_lines_total reaching the line count, scraping every 25 ms meanwhile (those
 * scrapes give the latency while a backlog is read); mtail runs with --one_shot, also timed
 * from spawning it. Each run measures both; the ratios are taken within a run.
 * Lag: lines appended one at a time to a followed file; the time until the counter on
 * /metrics shows each one.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  appendFileSync,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForHttp } from '../helpers/ports.js';
import { MAIN } from '../helpers/process.js';
import { findTool } from '../helpers/tools.js';
import { benchArgs, cpuModel, rssMb, spread, stop } from './measure.js';

const args = benchArgs();
const LINES = Number(args.get('lines') ?? 2_000_000);
const LAG_SAMPLES = Number(args.get('lag-samples') ?? 100);
const RUNS = Number(args.get('runs') ?? 3);
const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];

async function writeLog(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < n; i++) {
    const level = LEVELS[i % LEVELS.length];
    const line = `2026-11-26T00:00:${String(i % 60).padStart(2, '0')}Z level=${level} msg="request done" path=/api/orders/${i % 977} took=${i % 500}ms\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

function vigilConfig(dir: string, glob: string): string {
  const file = join(dir, `vigil-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(
    file,
    `logs:\n  positions_file: ""\n  sources:\n    - name: bench\n      paths: ["${glob}"]\n      start_at: beginning\n      rules:\n        - {name: errors, match: 'ERROR', metric: bench_errors_total}\n        - {name: level, match: 'level=(?P<level>[A-Z]+)', metric: bench_lines_total, labels: [level]}\n`,
  );
  return file;
}

const MTAIL_PROGRAM = `counter bench_errors
/ERROR/ {
  bench_errors++
}
counter bench_lines by level
/level=(?P<level>[A-Z]+)/ {
  bench_lines[$level]++
}
`;

async function scrapeValue(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text();
  let total = 0;
  for (const line of text.split('\n'))
    if (line.startsWith(name)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  return total;
}

function startVigil(config: string, port: number): ChildProcess {
  return spawn(
    MAIN,
    [
      `--web.listen-address=127.0.0.1:${port}`,
      '--collector.disable-defaults',
      '--collector.logs',
      `--config.file=${config}`,
      '--log.level=warn',
    ],
    {
      stdio: 'inherit',
    },
  );
}

async function vigilThroughput(dir: string, log: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/metrics`;
  // Idle RSS: the same configuration on an empty file.
  const empty = join(dir, 'empty');
  mkdirSync(empty, { recursive: true });
  writeFileSync(join(empty, 'idle.log'), '');
  const idle = startVigil(vigilConfig(dir, join(empty, '*.log')), port);
  await waitForHttp(url);
  await new Promise((r) => setTimeout(r, 2000));
  const idleRss = rssMb(idle.pid as number);
  await stop(idle);

  const child = startVigil(vigilConfig(dir, log), port);
  const started = performance.now();
  await waitForHttp(url);
  const latencies: number[] = [];
  let maxRss = 0;
  let firstSeen: { t: number; lines: number } | undefined;
  let doneAt = 0;
  for (;;) {
    const t = performance.now();
    const lines = await scrapeValue(url, 'vigil_log_lines_total');
    latencies.push(performance.now() - t);
    if (lines > 0 && !firstSeen) firstSeen = { t, lines };
    doneAt = t;
    maxRss = Math.max(maxRss, rssMb(child.pid as number));
    if (lines >= LINES) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const seconds = (performance.now() - started) / 1000;
  // The rate while reading, without process start-up: between the first scrape that saw
  // lines and the one that saw them all.
  const readingRate =
    firstSeen && doneAt > firstSeen.t
      ? (LINES - firstSeen.lines) / ((doneAt - firstSeen.t) / 1000)
      : Number.NaN;
  const errors = await scrapeValue(url, 'bench_errors_total');
  await stop(child);
  latencies.sort((a, b) => a - b);
  return {
    seconds,
    readingRate,
    idleRss,
    maxRss,
    errors,
    scrapeP99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    scrapes: latencies.length,
  };
}

function mtailThroughput(mtail: string, dir: string, log: string) {
  const progs = join(dir, 'progs');
  mkdirSync(progs, { recursive: true });
  writeFileSync(join(progs, 'bench.mtail'), MTAIL_PROGRAM);
  const started = performance.now();
  const out = execFileSync(
    '/usr/bin/time',
    [
      '-f',
      '%M',
      mtail,
      '-progs',
      progs,
      '-logs',
      log,
      '-one_shot',
      '-one_shot_format',
      'prometheus',
      '-logtostderr',
    ],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 << 20,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const errors = Number(
    /bench_errors\{[^}]*\} (\d+)/.exec(out)?.[1] ??
      /bench_errors (\d+)/.exec(out)?.[1] ??
      Number.NaN,
  );
  return { seconds, errors };
}

/** Append lines one at a time and time until each is counted on /metrics. */
async function lag(
  url: string,
  log: string,
  metric: string,
): Promise<{ p50: number; p99: number }> {
  const lags: number[] = [];
  let expected = await scrapeValue(url, metric);
  for (let i = 0; i < LAG_SAMPLES; i++) {
    appendFileSync(log, `level=ERROR lag probe ${i}\n`);
    const t = performance.now();
    expected++;
    while ((await scrapeValue(url, metric)) < expected) {
      if (performance.now() - t > 10_000) throw new Error(`${metric} did not reach ${expected}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    lags.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  lags.sort((a, b) => a - b);
  return {
    p50: lags[Math.floor(lags.length / 2)] ?? 0,
    p99: lags[Math.floor(lags.length * 0.99)] ?? 0,
  };
}

function fmt(values: readonly number[], digits = 0): string {
  const { min, median, max } = spread(values);
  const f = (v: number) =>
    v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${f(min)} / ${f(median)} / ${f(max)}`;
}

/** Lag of vigil, then of mtail, following the same file. */
async function lags(dir: string, mtail: string | null, run: number) {
  const lagDir = join(dir, `lag-${run}`);
  mkdirSync(lagDir);
  const lagLog = join(lagDir, 'lag.log');
  writeFileSync(lagLog, '');
  const port = await freePort();
  const vigil = startVigil(vigilConfig(dir, lagLog), port);
  await waitForHttp(`http://127.0.0.1:${port}/metrics`);
  await new Promise((r) => setTimeout(r, 1000));
  const vigilLag = await lag(`http://127.0.0.1:${port}/metrics`, lagLog, 'bench_errors_total');
  await stop(vigil);
  if (!mtail) return { vigil: vigilLag };
  const mtailPort = await freePort();
  const child = spawn(
    mtail,
    [
      '-progs',
      join(dir, 'progs'),
      '-logs',
      lagLog,
      '-port',
      String(mtailPort),
      '-address',
      '127.0.0.1',
      '-logtostderr',
    ],
    { stdio: 'ignore' },
  );
  await waitForHttp(`http://127.0.0.1:${mtailPort}/metrics`);
  await new Promise((r) => setTimeout(r, 1000));
  const mtailLag = await lag(`http://127.0.0.1:${mtailPort}/metrics`, lagLog, 'bench_errors');
  await stop(child);
  return { vigil: vigilLag, mtail: mtailLag };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-logbench-'));
  const mtail = findTool('mtail');
  if (!mtail) console.error('mtail not found (apt-get install mtail): vigil alone');
  try {
    const log = join(dir, 'big.log');
    await writeLog(log, LINES);
    const v: Awaited<ReturnType<typeof vigilThroughput>>[] = [];
    const m: ReturnType<typeof mtailThroughput>[] = [];
    const l: Awaited<ReturnType<typeof lags>>[] = [];
    for (let run = 1; run <= RUNS; run++) {
      console.error(`run ${run}/${RUNS}`);
      v.push(await vigilThroughput(dir, log));
      if (mtail) m.push(mtailThroughput(mtail, dir, log));
      l.push(await lags(dir, mtail, run));
    }
    const rate = (seconds: number) => LINES / seconds;
    console.log(
      `\n${LINES.toLocaleString('en')} lines, two rules, ${RUNS} runs (min / median / max), ${cpuModel()}, Node.js ${process.versions.node}\n`,
    );
    console.log(
      '| figure | vigil | mtail 3.0.0-rc50, `--one_shot` | ratio vigil / mtail in the same run |',
    );
    console.log('| --- | ---: | ---: | ---: |');
    const mtailRates = m.map((r) => rate(r.seconds));
    console.log(
      `| lines/s from process start | ${fmt(v.map((r) => rate(r.seconds)))} | ${m.length ? fmt(mtailRates) : 'n/a'} | ${
        m.length
          ? fmt(
              v.map((r, i) => rate(r.seconds) / (mtailRates[i] as number)),
              1,
            )
          : ''
      } |`,
    );
    console.log(
      `| lines/s while reading | ${fmt(v.map((r) => r.readingRate))} | n/a | ${
        m.length
          ? fmt(
              v.map((r, i) => r.readingRate / (mtailRates[i] as number)),
              1,
            )
          : ''
      } |`,
    );
    console.log(
      `| ERROR lines counted | ${[...new Set(v.map((r) => r.errors))].join(', ')} | ${[...new Set(m.map((r) => r.errors))].join(', ')} | |`,
    );
    console.log(`| RSS MB idle | ${fmt(v.map((r) => r.idleRss))} | n/a | |`);
    console.log(`| RSS MB, most while reading | ${fmt(v.map((r) => r.maxRss))} | n/a | |`);
    console.log(
      `| scrape p99 ms while reading | ${fmt(
        v.map((r) => r.scrapeP99),
        1,
      )} | n/a | |`,
    );
    console.log(
      `| append-to-/metrics lag p50 ms (${LAG_SAMPLES} lines) | ${fmt(l.map((r) => r.vigil.p50))} | ${m.length ? fmt(l.map((r) => r.mtail?.p50 ?? Number.NaN)) : 'n/a'} | |`,
    );
    console.log(
      `| append-to-/metrics lag p99 ms | ${fmt(l.map((r) => r.vigil.p99))} | ${m.length ? fmt(l.map((r) => r.mtail?.p99 ?? Number.NaN)) : 'n/a'} | |`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
