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
 * Other sources, same lines and rules: the file in CRI framing (`format: cri`; mtail reads
 * it as plain lines, its rules match inside the framing), and the systemd journal (written
 * with systemd-journal-remote, --journal-entries of them), against journalctl alone printing
 * the same entries and fields as JSON, the floor of any reader that goes through it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  appendFileSync,
  createWriteStream,
  existsSync,
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
const JOURNAL_ENTRIES = Number(args.get('journal-entries') ?? 500_000);
const JOURNAL_REMOTE = [
  '/lib/systemd/systemd-journal-remote',
  '/usr/lib/systemd/systemd-journal-remote',
].find((p) => existsSync(p));
const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];

const message = (i: number) =>
  `2026-11-26T00:00:${String(i % 60).padStart(2, '0')}Z level=${LEVELS[i % LEVELS.length]} msg="request done" path=/api/orders/${i % 977} took=${i % 500}ms`;

/** `n` lines, each framed by `frame`, written to `path`. */
async function writeLog(path: string, n: number, frame = (i: number) => `${message(i)}\n`) {
  const out = createWriteStream(path);
  for (let i = 0; i < n; i++)
    if (!out.write(frame(i))) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
}

/** containerd's framing of the same lines. */
const cri = (i: number) =>
  `2026-11-26T00:00:${String(i % 60).padStart(2, '0')}.${String(i % 1e9).padStart(9, '0')}Z stdout F ${message(i)}\n`;

/** A journal of `n` entries of the same messages, as journald would have written them. */
async function writeJournal(dir: string, n: number): Promise<string> {
  const exported = join(dir, 'entries.export');
  await writeLog(
    exported,
    n,
    (i) =>
      `__REALTIME_TIMESTAMP=${1_764_115_200_000_000 + i}\n_SYSTEMD_UNIT=app.service\nPRIORITY=6\nMESSAGE=${message(i)}\n\n`,
  );
  const journal = join(dir, 'journal');
  mkdirSync(journal);
  execFileSync(JOURNAL_REMOTE as string, [`--output=${join(journal, 'app.journal')}`, exported], {
    stdio: 'ignore',
  });
  rmSync(exported);
  return journal;
}

/** A source reading `glob` (plain or in a framing), or the journal in a directory. */
type Input = { glob: string; format?: string } | { journal: string };

function vigilConfig(dir: string, input: Input): string {
  const file = join(dir, `vigil-${Math.random().toString(36).slice(2)}.yml`);
  const where =
    'journal' in input
      ? `journal: {directory: "${input.journal}"}`
      : `paths: ["${input.glob}"]\n      format: ${input.format ?? 'plain'}`;
  writeFileSync(
    file,
    `logs:\n  positions_file: ""\n  sources:\n    - name: bench\n      ${where}\n      start_at: beginning\n      rules:\n        - {name: errors, match: 'ERROR', metric: bench_errors_total}\n        - {name: level, match: 'level=(?P<level>[A-Z]+)', metric: bench_lines_total, labels: [level]}\n`,
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

async function vigilThroughput(dir: string, input: Input, total = LINES) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/metrics`;
  // Idle RSS: the same configuration on an empty file.
  const empty = join(dir, 'empty');
  mkdirSync(empty, { recursive: true });
  writeFileSync(join(empty, 'idle.log'), '');
  const idle = startVigil(vigilConfig(dir, { glob: join(empty, '*.log') }), port);
  await waitForHttp(url);
  await new Promise((r) => setTimeout(r, 2000));
  const idleRss = rssMb(idle.pid as number);
  await stop(idle);

  const child = startVigil(vigilConfig(dir, input), port);
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
    if (lines >= total) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const seconds = (performance.now() - started) / 1000;
  // The rate while reading, without process start-up: between the first scrape that saw
  // lines and the one that saw them all.
  const readingRate =
    firstSeen && doneAt > firstSeen.t
      ? (total - firstSeen.lines) / ((doneAt - firstSeen.t) / 1000)
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

/**
 * journalctl alone printing the journal's entries as vigil asks for them (JSON, the message
 * and the cursor), timed from spawning it: the floor of any reader that goes through it.
 */
function journalctlSeconds(journal: string): number {
  const started = performance.now();
  execFileSync(
    'journalctl',
    [
      `--directory=${journal}`,
      '--merge',
      '--output=json',
      '--output-fields=MESSAGE',
      '--all',
      '--no-pager',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return (performance.now() - started) / 1000;
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
  const vigil = startVigil(vigilConfig(dir, { glob: lagLog }), port);
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
    const criLog = join(dir, 'cri.log');
    await writeLog(criLog, LINES, cri);
    const journal = JOURNAL_REMOTE ? await writeJournal(dir, JOURNAL_ENTRIES) : null;
    if (!journal) console.error('systemd-journal-remote not found: no journal row');
    const v: Awaited<ReturnType<typeof vigilThroughput>>[] = [];
    const m: ReturnType<typeof mtailThroughput>[] = [];
    const l: Awaited<ReturnType<typeof lags>>[] = [];
    const vc: Awaited<ReturnType<typeof vigilThroughput>>[] = [];
    const mc: ReturnType<typeof mtailThroughput>[] = [];
    const vj: Awaited<ReturnType<typeof vigilThroughput>>[] = [];
    const jc: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      console.error(`run ${run}/${RUNS}`);
      v.push(await vigilThroughput(dir, { glob: log }));
      if (mtail) m.push(mtailThroughput(mtail, dir, log));
      l.push(await lags(dir, mtail, run));
      vc.push(await vigilThroughput(dir, { glob: criLog, format: 'cri' }));
      if (mtail) mc.push(mtailThroughput(mtail, dir, criLog));
      if (journal) {
        vj.push(await vigilThroughput(dir, { journal }, JOURNAL_ENTRIES));
        jc.push(journalctlSeconds(journal));
      }
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
    console.log(
      `\nOther sources, the same lines and rules, lines/s from process start (min / median / max)\n`,
    );
    console.log('| source | vigil | peer in the same run | ratio vigil / peer |');
    console.log('| --- | ---: | ---: | ---: |');
    const row = (name: string, vigil: number[], peerName: string, peer: number[]) =>
      console.log(
        `| ${name} | ${fmt(vigil)} | ${peer.length ? `${peerName} ${fmt(peer)}` : 'n/a'} | ${
          peer.length
            ? fmt(
                vigil.map((x, i) => x / (peer[i] as number)),
                2,
              )
            : ''
        } |`,
      );
    row(
      'plain file, 2 rules',
      v.map((r) => rate(r.seconds)),
      'mtail',
      mtailRates,
    );
    row(
      'CRI file (`format: cri`)',
      vc.map((r) => rate(r.seconds)),
      'mtail on the same file, framing and all',
      mc.map((r) => rate(r.seconds)),
    );
    if (journal)
      row(
        `journal, ${JOURNAL_ENTRIES.toLocaleString('en')} entries`,
        vj.map((r) => JOURNAL_ENTRIES / r.seconds),
        '`journalctl` alone, the same output',
        jc.map((s) => JOURNAL_ENTRIES / s),
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
