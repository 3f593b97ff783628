/**
 * The anomaly collector's cost: training time per model on a full default history, and the
 * CPU share and memory it adds to a running vigil, measured side by side with a vigil
 * without it.
 *
 *   npm run bench:anomaly                    # 180 s of running
 *   npm run bench:anomaly -- --seconds=600
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIGNALS } from '../../exporter/anomaly/signal-names.js';
import { trainModels } from '../../exporter/anomaly/training.js';
import { freePort, waitForHttp } from '../helpers/ports.js';
import { MAIN } from '../helpers/process.js';
import { benchArgs, cpuModel, cpuMs, rssMb, stop } from './measure.js';

const args = benchArgs();
const SECONDS = Number(args.get('seconds') ?? 180);

function trainingTimes() {
  // A full default history: 4 hours at one sample every 5 seconds, for each signal.
  const points = (4 * 3600) / 5;
  const history: Record<string, Float64Array> = {};
  SIGNALS.forEach((s, k) => {
    const a = new Float64Array(points);
    for (let i = 0; i < points; i++) a[i] = 50 + 10 * Math.sin(i / (50 + k)) + Math.random();
    history[s] = a;
  });
  const runs = [1, 2, 3].map(() => trainModels(history).seconds);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] as number;
  return {
    points,
    kmeans: median(runs.map((r) => r.kmeans)),
    forest: median(runs.map((r) => r.forest)),
  };
}

async function start(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(
    MAIN,
    [`--web.listen-address=127.0.0.1:${port}`, '--log.level=warn', ...args],
    {
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}/metrics`;
  await waitForHttp(url);
  return { child, url };
}

async function main() {
  const t = trainingTimes();
  const dir = mkdtempSync(join(tmpdir(), 'vigil-anomaly-bench-'));
  // Trained every minute (instead of every 15) so that training is in the average.
  writeFileSync(
    join(dir, 'vigil.yml'),
    'collectors:\n  anomaly:\n    min_history: 2m\n    train_every: 1m\n',
  );
  const without = await start(['--collector.disable-defaults']);
  const withIt = await start([
    '--collector.disable-defaults',
    '--collector.anomaly',
    `--config.file=${join(dir, 'vigil.yml')}`,
  ]);
  const pids = [without.child.pid as number, withIt.child.pid as number];
  const cpu0 = pids.map(cpuMs);
  const started = Date.now();
  const rss: number[][] = [[], []];
  while (Date.now() - started < SECONDS * 1000) {
    await new Promise((r) => setTimeout(r, 5_000));
    pids.forEach((p, i) => {
      rss[i]?.push(rssMb(p));
    });
  }
  const wall = (Date.now() - started) / 1000;
  const cpu = pids.map((p, i) => (cpuMs(p) - (cpu0[i] as number)) / 1000 / wall);
  const trained = (await (await fetch(withIt.url)).text()).includes('vigil_anomaly_score');
  await stop(without.child);
  await stop(withIt.child);
  rmSync(dir, { recursive: true, force: true });

  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const added = avg(rss[1] ?? []) - avg(rss[0] ?? []);
  console.log(`\n${SECONDS} s, ${cpuModel()}, Node.js ${process.versions.node}\n`);
  console.log(
    `training on ${t.points} points × ${SIGNALS.length} signals: k-means ${(t.kmeans * 1000).toFixed(0)} ms (all signals), isolation forest ${(t.forest * 1000).toFixed(0)} ms`,
  );
  console.log('\n| vigil | CPU share of one core | RSS MB (average) |');
  console.log('| --- | ---: | ---: |');
  console.log(
    `| no collectors | ${(100 * (cpu[0] as number)).toFixed(2)}% | ${avg(rss[0] ?? []).toFixed(1)} |`,
  );
  console.log(
    `| anomaly collector only | ${(100 * (cpu[1] as number)).toFixed(2)}% | ${avg(rss[1] ?? []).toFixed(1)} |`,
  );
  console.log(
    `\nadded: ${(100 * ((cpu[1] as number) - (cpu[0] as number))).toFixed(2)}% of one core, ${added.toFixed(1)} MB; models trained: ${trained}`,
  );
}

await main();
