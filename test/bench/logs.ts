/**
 * Log reading: vigil's logs collector side by side with Debian's mtail, same file, same run.
 *
 *   npm run bench:logs                       # 2,000,000 lines
 *   npm run bench:logs -- --lines=500000 --lag-samples=100
 *
 * Throughput: both read the same file from its start with two rules, one plain ("ERROR")
 * and one with a label capture (level=…). vigil is timed from ready to its
 * vigil_log_lines_total reaching the line count, scraping every 100 ms meanwhile (those
 * scrapes give the latency while a backlog is read); mtail runs with --one_shot.
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
import { benchArgs, cpuModel, rssMb, stop } from './measure.js';

const args = benchArgs();
const LINES = Number(args.get('lines') ?? 2_000_000);
const LAG_SAMPLES = Number(args.get('lag-samples') ?? 100);
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
  mkdirSync(empty);
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
    await new Promise((r) => setTimeout(r, 100));
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-logbench-'));
  try {
    const log = join(dir, 'big.log');
    await writeLog(log, LINES);
    const rows: string[] = [];
    const v = await vigilThroughput(dir, log);
    rows.push(
      `| vigil | ${Math.round(LINES / v.seconds).toLocaleString('en')} | ${Math.round(v.readingRate).toLocaleString('en')} | ${v.errors} | ${v.idleRss.toFixed(0)} → ${v.maxRss.toFixed(0)} | ${v.scrapeP99.toFixed(1)} (${v.scrapes} scrapes) |`,
    );

    const mtail = findTool('mtail');
    let m: { seconds: number; errors: number } | undefined;
    if (mtail) {
      m = mtailThroughput(mtail, dir, log);
      rows.push(
        `| mtail 3.0.0-rc50, --one_shot | ${Math.round(LINES / m.seconds).toLocaleString('en')} | n/a | ${m.errors} | n/a | n/a |`,
      );
    }

    // Lag while following.
    const lagDir = join(dir, 'lag');
    mkdirSync(lagDir);
    const lagLog = join(lagDir, 'lag.log');
    writeFileSync(lagLog, '');
    const port = await freePort();
    const vigil = startVigil(vigilConfig(dir, lagLog), port);
    await waitForHttp(`http://127.0.0.1:${port}/metrics`);
    await new Promise((r) => setTimeout(r, 1000));
    const vigilLag = await lag(`http://127.0.0.1:${port}/metrics`, lagLog, 'bench_errors_total');
    await stop(vigil);
    let mtailLag: { p50: number; p99: number } | undefined;
    if (mtail) {
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
      mtailLag = await lag(`http://127.0.0.1:${mtailPort}/metrics`, lagLog, 'bench_errors');
      await stop(child);
    }

    console.log(
      `\n${LINES.toLocaleString('en')} lines, two rules, ${cpuModel()}, Node.js ${process.versions.node}\n`,
    );
    console.log(
      '| reader | lines/s from process start | lines/s while reading | ERROR lines counted | RSS MB idle → max while reading | scrape p99 ms while reading |',
    );
    console.log('| --- | ---: | ---: | ---: | --- | --- |');
    for (const r of rows) console.log(r);
    console.log(
      `\nappend-to-/metrics lag over ${LAG_SAMPLES} lines: vigil p50 ${vigilLag.p50.toFixed(0)} ms, p99 ${vigilLag.p99.toFixed(0)} ms` +
        (mtailLag
          ? `; mtail p50 ${mtailLag.p50.toFixed(0)} ms, p99 ${mtailLag.p99.toFixed(0)} ms`
          : ''),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
