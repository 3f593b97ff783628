import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  renameSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../exporter/config/load.js';
import { silentLogger } from '../../exporter/core/logger.js';
import { LogSource } from '../../exporter/logs/log-source.js';
import { PositionStore } from '../../exporter/logs/positions.js';
import { sampleValue } from '../helpers/exposition.js';
import { expectSourceLines, logLines, logTestBed, scrape } from '../helpers/logs.js';
import type { TestServer } from '../helpers/server.js';

const bed = logTestBed('vigil-logs-');

beforeEach(() => {
  mkdirSync(bed.path('logs'));
});

function config(extra = '', glob = 'logs/*.log', startAt = 'beginning') {
  return parseConfig(
    `
logs:
  positions_file: ${bed.path('positions.json')}
  max_line_bytes: 256
  sources:
    - name: app
      paths: ["${bed.path(glob)}"]
      start_at: ${startAt}
      rules:
        - {name: errors, match: 'ERROR', metric: app_errors_total}
        - {name: level, match: 'level=(?P<level>[A-Z]+)', metric: app_lines_total, labels: [level]}
${extra}`,
    'test.yml',
  );
}

function start(cfg = config()): Promise<TestServer> {
  return bed.start(cfg);
}

const expectLines = (server: TestServer, n: number) => expectSourceLines(server, 'app', n, 1200);

const lines = logLines;
const log = () => bed.path('logs/app.log');

describe('log lines are counted exactly once', () => {
  it('counts a partial last line only when its newline arrives', async () => {
    writeFileSync(log(), lines(3));
    const server = await start();
    await expectLines(server, 3);
    appendFileSync(log(), 'level=ERROR ERROR half');
    await expectLines(server, 3);
    appendFileSync(log(), ' a line\n');
    const m = await expectLines(server, 4);
    expect(sampleValue(m, 'app_errors_total')).toBe(1);
    expect(sampleValue(m, 'app_lines_total', { level: 'ERROR' })).toBe(1);
  });

  it('follows rename-and-create, including lines written to the old file after the rename', async () => {
    writeFileSync(log(), lines(100));
    const server = await start();
    await expectLines(server, 100);
    renameSync(log(), `${log()}.1`);
    appendFileSync(`${log()}.1`, lines(50)); // the writer has not reopened yet
    writeFileSync(log(), lines(30));
    const m = await expectLines(server, 180);
    expect(sampleValue(m, 'vigil_log_rotations_total', { source: 'app' })).toBe(1);
  });

  it('recovers lines written just before a copytruncate from the rotated copy', async () => {
    writeFileSync(log(), lines(100));
    const server = await start();
    await expectLines(server, 100);
    appendFileSync(log(), lines(40, 'level=WARN late'));
    // logrotate copytruncate, before vigil could read the 40 lines:
    copyFileSync(log(), `${log()}.1`);
    truncateSync(log(), 0);
    appendFileSync(log(), lines(20));
    const m = await expectLines(server, 160);
    expect(sampleValue(m, 'app_lines_total', { level: 'WARN' })).toBe(40);
    expect(sampleValue(m, 'vigil_log_truncations_total', { source: 'app' })).toBe(1);
  });

  it('starts again at 0 after truncation in place', async () => {
    writeFileSync(log(), lines(10));
    const server = await start();
    await expectLines(server, 10);
    truncateSync(log(), 0);
    appendFileSync(log(), lines(5));
    await expectLines(server, 15);
  });

  it('follows deletion and re-creation', async () => {
    writeFileSync(log(), lines(10));
    const server = await start();
    await expectLines(server, 10);
    unlinkSync(log());
    await new Promise((r) => setTimeout(r, 200));
    writeFileSync(log(), lines(7));
    await expectLines(server, 17);
  });

  it('picks up files and directories created later, many of them', async () => {
    const server = await start(config('', 'logs/**/*.log'));
    for (let f = 0; f < 20; f++) {
      const sub = bed.path('logs', `svc${f % 4}`);
      mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, `part${f}.log`), lines(50));
    }
    const m = await expectLines(server, 1000);
    expect(sampleValue(m, 'vigil_log_files', { source: 'app' })).toBe(20);
  });

  it('reads backlogs of several files at once, multi-byte characters across reads', async () => {
    // Three files of about 2.4 MB: more than one large read each, and two of them catch up in
    // small reads while the third holds the large buffers.
    const line = (i: number) => `level=${i % 7 === 0 ? 'ERROR' : 'INFO'} é€日本 request ${i}\n`;
    const n = 60_000;
    for (const name of ['a', 'b', 'c'])
      writeFileSync(
        bed.path(`logs/${name}.log`),
        Array.from({ length: n }, (_, i) => line(i)).join(''),
      );
    const server = await start(config('', 'logs/*.log'));
    const m = await expectSourceLines(server, 'app', 3 * n);
    const errors = 3 * Math.ceil(n / 7);
    expect(sampleValue(m, 'app_lines_total', { level: 'ERROR' })).toBe(errors);
    expect(sampleValue(m, 'app_lines_total', { level: 'INFO' })).toBe(3 * n - errors);
    expect(sampleValue(m, 'vigil_log_long_lines_total', { source: 'app' })).toBe(0);
  });

  it('counts and cuts lines longer than max_line_bytes', async () => {
    writeFileSync(log(), `level=ERROR ERROR ${'x'.repeat(10_000)}\nlevel=INFO short\n`);
    const server = await start();
    const m = await expectLines(server, 2);
    expect(sampleValue(m, 'vigil_log_long_lines_total', { source: 'app' })).toBe(1);
    expect(sampleValue(m, 'app_errors_total')).toBe(1);
  });

  it('matches past invalid UTF-8', async () => {
    writeFileSync(
      log(),
      Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' ERROR level=ERROR\n')]),
    );
    const server = await start();
    const m = await expectLines(server, 1);
    expect(sampleValue(m, 'app_errors_total')).toBe(1);
  });
});

describe('restarts', () => {
  it('continues where it stopped: lines written while stopped count once', async () => {
    writeFileSync(log(), lines(10));
    const first = await start();
    await expectLines(first, 10);
    await bed.stop(first);
    appendFileSync(log(), lines(5));
    const second = await start(config('', 'logs/*.log', 'end'));
    await expectLines(second, 5);
  });

  it('saves, at any moment of a backlog, the end of the last line it counted', async () => {
    // Positions are saved every second while a backlog is read: what a restart after a crash
    // resumes from. Lines of one length make the right offset lines × length.
    const n = 1_000_000;
    const line = (i: number) => `level=INFO n=${String(i).padStart(7, '0')}\n`;
    const width = line(0).length;
    writeFileSync(log(), Array.from({ length: n }, (_, i) => line(i)).join(''));
    const { logs } = config();
    const [settings] = logs.sources;
    if (!settings) throw new Error('no source');
    const positions = new PositionStore('');
    const source = new LogSource(
      { ...settings, paths: [bed.path('logs/*.log')] },
      logs.max_line_bytes,
      positions,
      silentLogger,
    );
    await source.start();
    const seen: Array<[lines: number, offset: number]> = [];
    try {
      const deadline = Date.now() + 15_000;
      while (source.stats.lines < n && Date.now() < deadline) {
        await new Promise((r) => setImmediate(r));
        source.savePositions();
        seen.push([source.stats.lines, positions.get(log())?.offset ?? 0]);
      }
    } finally {
      await source.stop();
    }
    expect(source.stats.lines).toBe(n);
    const midway = seen.filter(([lines]) => lines > 0 && lines < n);
    expect(midway.length).toBeGreaterThan(2);
    for (const [lines, offset] of seen) expect(offset).toBe(lines * width);
  });

  it('finishes a file rotated while stopped before reading the new one', async () => {
    writeFileSync(log(), lines(10));
    const first = await start();
    await expectLines(first, 10);
    await bed.stop(first);
    appendFileSync(log(), lines(3));
    renameSync(log(), `${log()}.1`);
    writeFileSync(log(), lines(4));
    const second = await start(config('', 'logs/*.log', 'end'));
    await expectLines(second, 7);
  });

  it('does not take a new file on a reused inode for the old one', async () => {
    writeFileSync(log(), lines(10, 'level=INFO first-generation'));
    const first = await start();
    await expectLines(first, 10);
    await bed.stop(first);
    // Same path, new content from its first byte (the inode may well be reused).
    rmSync(log());
    writeFileSync(log(), lines(12, 'level=DEBUG second'));
    const second = await start(config('', 'logs/*.log', 'end'));
    await expectLines(second, 12);
  });
});

describe('hostile input', () => {
  it('does not stall on a backtracking-prone pattern and keeps scrapes fast', async () => {
    // One anchored (matched line by line), one not (matched across a block of lines).
    const cfg = config(
      "        - {name: evil, match: '^(a+)+$', metric: app_evil_total}\n        - {name: evil2, match: '(a+)+b', metric: app_evil2_total}",
    );
    writeFileSync(log(), `${'a'.repeat(40)}!\n`.repeat(20));
    const server = await start(cfg);
    const started = performance.now();
    const m = await expectLines(server, 20);
    expect(sampleValue(m, 'app_evil_total') ?? 0).toBe(0);
    expect(sampleValue(m, 'app_evil2_total') ?? 0).toBe(0);
    const scrapeStarted = performance.now();
    await scrape(server);
    expect(performance.now() - scrapeStarted).toBeLessThan(500);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('log rule configuration errors', () => {
  const error = (rules: string) => {
    try {
      parseConfig(
        `logs:\n  sources:\n    - name: app\n      paths: [/var/log/app.log]\n      rules:\n${rules}`,
        'vigil.yml',
      );
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('expected an error');
  };

  it('names source and rule of a pattern that does not compile', () => {
    expect(error("        - {name: bad, match: '(unclosed', metric: x_total}\n")).toMatch(
      /vigil\.yml:6:\d+: logs\.sources\[0\]\.rules\[0\]\.match: source "app", rule "bad": pattern "\(unclosed" does not compile/,
    );
  });

  it('rejects a capture that does not exist and a pattern that cannot run in linear time', () => {
    expect(
      error(
        "        - {name: lv, match: 'level=(?P<level>\\w+)', metric: x_total, labels: [lvl]}\n",
      ),
    ).toContain('source "app", rule "lv": label "lvl" is not a named capture');
    expect(error("        - {name: rep, match: '(a)\\1', metric: x_total}\n")).toContain(
      'backreference or lookbehind',
    );
  });
});
