/**
 * Soak: scrapes at 50 concurrent connections for several minutes while a log is written
 * and rotated (rename and create, then copytruncate, in turn) and an API target fails and
 * recovers. Prints errors, latency, RSS over time and, at the end, whether every log line
 * was counted exactly once.
 *
 *   npm run bench:soak                       # 3 minutes
 *   npm run bench:soak -- --seconds=600 --connections=50
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, waitForHttp } from '../helpers/ports.js';
import { MAIN } from '../helpers/process.js';
import { benchArgs, cpuModel, rssMb, stop } from './measure.js';

const args = benchArgs();
const SECONDS = Number(args.get('seconds') ?? 180);
const CONNECTIONS = Number(args.get('connections') ?? 50);
/** Lines appended a second, in batches every 100 ms; one in four is an ERROR. */
const LINES_PER_SECOND = 2_000;
/** A rotation this often, alternating rename-and-create and copytruncate. */
const ROTATE_EVERY_MS = 20_000;
/** The API target answers for this long, then fails for as long. */
const API_FLIP_MS = 15_000;

async function scrapeValue(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text();
  let total = 0;
  for (const line of text.split('\n'))
    if (line.startsWith(name)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  return total;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-soak-'));
  const log = join(dir, 'app.log');
  writeFileSync(log, '');

  // An API target that flips between answering and failing.
  let apiUp = true;
  const api = createServer((_req, res) => {
    if (!apiUp) {
      res.statusCode = 503;
      res.end('down');
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end('{"queue":{"pending":7}}');
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  const apiPort = (api.address() as AddressInfo).port;
  const flip = setInterval(() => {
    apiUp = !apiUp;
  }, API_FLIP_MS);

  writeFileSync(
    join(dir, 'vigil.yml'),
    `logs:
  positions_file: ${join(dir, 'positions.json')}
  sources:
    - name: app
      paths: ["${join(dir, '*.log')}"]
      start_at: beginning
      rules:
        - {name: errors, match: 'ERROR', metric: app_errors_total}
        - {name: level, match: 'level=(?P<level>[A-Z]+)', metric: app_lines_total, labels: [level]}
apis:
  - name: shop
    url: http://127.0.0.1:${apiPort}/stats
    timeout: 1s
    metrics: [{name: shop_pending, path: $.queue.pending}]
`,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/metrics`;
  const vigil: ChildProcess = spawn(
    MAIN,
    [
      `--web.listen-address=127.0.0.1:${port}`,
      `--config.file=${join(dir, 'vigil.yml')}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await waitForHttp(url);
  const pid = vigil.pid as number;

  // The writer: exact counts of what was written, across rotations.
  let written = 0;
  let errors = 0;
  let rotations = 0;
  const writer = setInterval(() => {
    let batch = '';
    for (let i = 0; i < LINES_PER_SECOND / 10; i++) {
      const level = written % 4 === 0 ? 'ERROR' : 'INFO';
      if (level === 'ERROR') errors++;
      batch += `ts=${Date.now()} level=${level} msg="soak line ${written}"\n`;
      written++;
    }
    appendFileSync(log, batch);
  }, 100);
  const rotator = setInterval(() => {
    rotations++;
    if (rotations % 2 === 1) {
      renameSync(log, `${log}.${rotations}`);
      writeFileSync(log, '');
    } else {
      copyFileSync(log, `${log}.${rotations}`);
      truncateSync(log, 0);
    }
  }, ROTATE_EVERY_MS);

  const rss: Array<[number, number]> = [];
  const started = Date.now();
  const sampler = setInterval(
    () => rss.push([Math.round((Date.now() - started) / 1000), Math.round(rssMb(pid))]),
    10_000,
  );

  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'accept-encoding': 'gzip' },
  });

  clearInterval(writer);
  clearInterval(rotator);
  clearInterval(sampler);
  clearInterval(flip);
  // Every line written must be counted exactly once.
  const deadline = Date.now() + 30_000;
  let counted = 0;
  while (Date.now() < deadline) {
    counted = await scrapeValue(url, 'vigil_log_lines_total');
    if (counted >= written) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 1_000));
  counted = await scrapeValue(url, 'vigil_log_lines_total');
  const countedErrors = await scrapeValue(url, 'app_errors_total');
  const apiErrors = await scrapeValue(url, 'vigil_api_errors_total');
  await stop(vigil);
  api.close();
  rmSync(dir, { recursive: true, force: true });

  const l = result.latency;
  console.log(
    `\n${SECONDS} s, ${CONNECTIONS} connections, ${cpuModel()}, Node.js ${process.versions.node}\n`,
  );
  console.log(
    '| scrapes | 2xx | 503 (over --web.max-requests) | other errors | timeouts | p50 ms | p99 ms | max ms |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(
    `| ${result.requests.total} | ${result['2xx']} | ${result.non2xx} | ${result.errors} | ${result.timeouts} | ${l.p50} | ${l.p99} | ${l.max} |`,
  );
  console.log(`\nRSS MB every 10 s: ${rss.map(([, mb]) => mb).join(' ')}`);
  console.log(
    `\nlog lines written ${written}, counted ${counted}; ERROR lines written ${errors}, counted ${countedErrors}; rotations ${rotations}; API failures counted ${apiErrors}`,
  );
  if (counted !== written || countedErrors !== errors) {
    console.error('MISMATCH: log lines were lost or counted twice');
    process.exitCode = 1;
  }
}

await main();
