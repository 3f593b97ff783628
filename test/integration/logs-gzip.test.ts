import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../exporter/config/load.js';
import { createLogger } from '../../exporter/core/logger.js';
import { LogSource } from '../../exporter/logs/log-source.js';
import { PositionStore } from '../../exporter/logs/positions.js';
import { eventually } from '../helpers/eventually.js';
import { sampleValue } from '../helpers/exposition.js';
import { expectSourceLines, logLines, logTestBed, type Scrape } from '../helpers/logs.js';
import type { TestServer } from '../helpers/server.js';

/**
 * logrotate with `compress` and without `delaycompress`: the rotated copy that holds the lines
 * vigil has not read yet may already be gzipped when vigil looks for it.
 */

const bed = logTestBed('vigil-logs-gz-');

beforeEach(() => {
  mkdirSync(bed.path('logs'));
});

function config(startAt = 'beginning') {
  return parseConfig(
    `
logs:
  positions_file: ${bed.path('positions.json')}
  sources:
    - name: app
      paths: ["${bed.path('logs/*.log')}"]
      start_at: ${startAt}
      rules:
        - {name: level, match: 'level=(?P<level>[A-Z]+)', metric: app_lines_total, labels: [level]}
`,
    'test.yml',
  );
}

async function start(startAt = 'beginning'): Promise<TestServer> {
  return bed.start(config(startAt));
}

const expectLines = (server: TestServer, n: number) => expectSourceLines(server, 'app', n, 600);

const lines = logLines;
const log = () => bed.path('logs/app.log');
const byLevel = (m: Scrape, level: string) => sampleValue(m, 'app_lines_total', { level }) ?? 0;
const unread = (m: Scrape) => sampleValue(m, 'vigil_log_rotated_unread_total', { source: 'app' });

/** logrotate's `compress`: gzip the file beside itself, optionally cut short, and remove it. */
function compress(path: string, keepFraction = 1): Buffer {
  const gz = gzipSync(readFileSync(path));
  const written = gz.subarray(0, Math.floor(gz.length * keepFraction));
  writeFileSync(`${path}.gz`, written);
  unlinkSync(path);
  return written;
}

/** Complete lines a reader can recover from a cut gzip file, past `offset`. */
function linesBeforeCut(cut: Buffer, offset: number): number {
  const inflated = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH });
  return inflated.subarray(offset).toString('utf8').split('\n').length - 1;
}

describe('compressed rotated copies', () => {
  it('finishes a file rotated and gzipped while stopped before reading the new one', async () => {
    writeFileSync(log(), lines(5000));
    const first = await start();
    await expectLines(first, 5000);
    await bed.stop(first);
    appendFileSync(log(), lines(3000, 'level=WARN late'));
    renameSync(log(), `${log()}.1`);
    compress(`${log()}.1`);
    writeFileSync(log(), lines(20, 'level=DEBUG new'));

    const second = await start('end');
    const m = await expectLines(second, 3020);
    expect(byLevel(m, 'INFO')).toBe(0);
    expect(byLevel(m, 'WARN')).toBe(3000);
    expect(byLevel(m, 'DEBUG')).toBe(20);
    expect(unread(m)).toBe(0);
  });

  it('reads the plain copy while its .gz is still being written', async () => {
    writeFileSync(log(), lines(2000));
    const first = await start();
    await expectLines(first, 2000);
    await bed.stop(first);
    appendFileSync(log(), lines(3000, 'level=WARN late'));
    renameSync(log(), `${log()}.1`);
    const gz = gzipSync(readFileSync(`${log()}.1`));
    writeFileSync(`${log()}.1.gz`, gz.subarray(0, Math.floor(gz.length * 0.6)));
    writeFileSync(log(), lines(5, 'level=DEBUG new'));

    const second = await start('end');
    const m = await expectLines(second, 3005);
    expect(byLevel(m, 'WARN')).toBe(3000);
    expect(unread(m)).toBe(0);
  });

  it('recovers lines written just before a copytruncate whose copy is gzipped at once', async () => {
    writeFileSync(log(), lines(100));
    const server = await start();
    await expectLines(server, 100);
    appendFileSync(log(), lines(40, 'level=WARN late'));
    // copytruncate and compress, before vigil could read the 40 lines:
    copyFileSync(log(), `${log()}.1`);
    compress(`${log()}.1`);
    truncateSync(log(), 0);
    appendFileSync(log(), lines(20, 'level=DEBUG new'));

    const m = await expectLines(server, 160);
    expect(byLevel(m, 'WARN')).toBe(40);
    expect(byLevel(m, 'DEBUG')).toBe(20);
    expect(sampleValue(m, 'vigil_log_truncations_total', { source: 'app' })).toBe(1);
    expect(unread(m)).toBe(0);
  });

  it('counts the lines of a cut .gz up to the cut, reports the rest, and goes on', async () => {
    const read = lines(2000);
    writeFileSync(log(), read);
    const first = await start();
    await expectLines(first, 2000);
    await bed.stop(first);
    appendFileSync(log(), lines(4000, 'level=WARN late'));
    renameSync(log(), `${log()}.1`);
    const cut = compress(`${log()}.1`, 0.6);
    writeFileSync(log(), lines(20, 'level=DEBUG new'));
    const recoverable = linesBeforeCut(cut, Buffer.byteLength(read));
    expect(recoverable).toBeGreaterThan(0);
    expect(recoverable).toBeLessThan(4000);

    const second = await start('end');
    let m = await expectLines(second, recoverable + 20);
    expect(byLevel(m, 'WARN')).toBe(recoverable);
    expect(unread(m)).toBe(1);
    appendFileSync(log(), lines(10, 'level=DEBUG more'));
    m = await expectLines(second, recoverable + 30);
    expect(byLevel(m, 'DEBUG')).toBe(30);
    expect(unread(m)).toBe(1);
  });

  it('reports a file rotated while stopped whose copy is gone', async () => {
    writeFileSync(log(), lines(10));
    const first = await start();
    await expectLines(first, 10);
    await bed.stop(first);
    appendFileSync(log(), lines(5, 'level=WARN late'));
    renameSync(log(), `${log()}.1`);
    unlinkSync(`${log()}.1`);
    writeFileSync(log(), lines(4, 'level=DEBUG new'));

    const second = await start('end');
    const m = await expectLines(second, 4);
    expect(unread(m)).toBe(1);
    expect(sampleValue(m, 'vigil_log_rotations_total', { source: 'app' })).toBe(1);
  });

  it('logs one warning per rotated file whose rest is lost', async () => {
    const warnings: string[] = [];
    const logger = createLogger({
      level: 'warn',
      format: 'logfmt',
      write: (l) => warnings.push(l),
    });
    const { logs } = config();
    const [settings] = logs.sources;
    if (!settings) throw new Error('no source');
    const positions = new PositionStore('');
    const source = () =>
      new LogSource(
        { ...settings, paths: [bed.path('logs/*.log')] },
        logs.max_line_bytes,
        positions,
        logger,
      );
    const counted = (s: LogSource, n: number) =>
      eventually(async () => (s.stats.lines === n ? true : undefined), 15_000, `${n} lines`);

    writeFileSync(log(), lines(10));
    const first = source();
    await first.start();
    await counted(first, 10);
    await first.stop();
    rmSync(log());
    writeFileSync(log(), lines(2000, 'level=DEBUG new'));

    const second = source();
    try {
      await second.start();
      await counted(second, 2000);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('rotated copy not found');

      appendFileSync(log(), lines(2000, 'level=WARN late'));
      copyFileSync(log(), `${log()}.1`);
      const cut = compress(`${log()}.1`, 0.7);
      truncateSync(log(), 0);
      const recoverable = linesBeforeCut(cut, Buffer.byteLength(lines(2000, 'level=DEBUG new')));
      await counted(second, 2000 + recoverable);
      await eventually(async () => (warnings.length === 2 ? true : undefined));
      expect(warnings[1]).toContain('cannot read the rest of a rotated log file');
      expect(warnings[1]).toContain(`copy=${log()}.1.gz`);
      expect(warnings[1]).toContain('err="unexpected end of file"');
      expect(second.stats.rotatedUnread).toBe(2);
    } finally {
      await second.stop();
    }
  });
});
