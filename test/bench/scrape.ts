/**
 * Scrape benchmark: vigil's host collectors side by side with node_exporter, same machine,
 * same run, same collectors. Prints a Markdown table.
 *
 *   npm run bench:scrape                      # 1000 scrapes each
 *   npm run bench:scrape -- --scrapes=10000   # the RSS-after-10k check
 *
 * CPU per scrape is the server's own user+system time (from /proc/<pid>/stat) over the
 * measured scrapes; latency is measured by this client, one scrape at a time.
 */
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HOST_COLLECTORS, NODE_DEFAULT_COLLECTORS } from '../helpers/collectors.js';
import { freePort } from '../helpers/ports.js';
import { findTool } from '../helpers/tools.js';
import { benchArgs, cpuModel, type Measurement, measure, stop } from './measure.js';

const args = benchArgs();
const SCRAPES = Number(args.get('scrapes') ?? 1000);
const WARMUP = Number(args.get('warmup') ?? 100);
const options = { scrapes: SCRAPES, warmup: WARMUP };

async function main(): Promise<void> {
  const results: Measurement[] = [];

  const main = fileURLToPath(new URL('../../dist/exporter/main.js', import.meta.url));
  for (const [label, extra] of [
    [
      'vigil, host collectors',
      ['--collector.disable-defaults', ...HOST_COLLECTORS.map((c) => `--collector.${c}`)],
    ],
    [
      "vigil, node_exporter's default collectors",
      ['--collector.disable-defaults', ...NODE_DEFAULT_COLLECTORS.map((c) => `--collector.${c}`)],
    ],
    ['vigil, all default collectors', []],
  ] as const) {
    const port = await freePort();
    // Run through its shebang, with the V8 flags a user gets from the `vigil` command.
    const vigil = spawn(
      main,
      [`--web.listen-address=127.0.0.1:${port}`, '--log.level=warn', ...extra],
      {
        stdio: 'inherit',
      },
    );
    try {
      results.push(await measure(label, vigil, `http://127.0.0.1:${port}/metrics`, options));
    } finally {
      await stop(vigil);
    }
  }

  const nodeExporter = findTool('prometheus-node-exporter', 'node_exporter');
  if (nodeExporter) {
    const version = execFileSync(nodeExporter, ['--version'], { encoding: 'utf8' })
      .split('\n')[0]
      ?.match(/version (\S+)/)?.[1];
    for (const [label, extra] of [
      [
        `node_exporter ${version}, same collectors`,
        ['--collector.disable-defaults', ...HOST_COLLECTORS.map((c) => `--collector.${c}`)],
      ],
      [
        `node_exporter ${version}, the same default collectors`,
        ['--collector.disable-defaults', ...NODE_DEFAULT_COLLECTORS.map((c) => `--collector.${c}`)],
      ],
      [`node_exporter ${version}, default collectors`, []],
    ] as const) {
      const port = await freePort();
      const child = spawn(nodeExporter, [`--web.listen-address=127.0.0.1:${port}`, ...extra], {
        stdio: 'ignore',
      });
      try {
        results.push(await measure(label, child, `http://127.0.0.1:${port}/metrics`, options));
      } finally {
        await stop(child);
      }
    }
  } else {
    console.error(
      'node_exporter not found (apt-get install prometheus-node-exporter): vigil measured alone',
    );
  }

  console.log(
    `\n${SCRAPES} sequential scrapes after ${WARMUP} warm-up, ${cpuModel()}, Node.js ${process.versions.node}\n`,
  );
  console.log(
    '| exporter | series | p50 ms | p99 ms | CPU ms/scrape | RSS MB start → end | RSS MB every 10% |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | --- | --- |');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.series} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.cpuPerScrape.toFixed(2)} | ${r.rssStart.toFixed(0)} → ${r.rssEnd.toFixed(0)} | ${r.rssCurve.join(' ')} |`,
    );
  }
}

await main();
