import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../exporter/config/load.js';
import { sampleValue } from '../helpers/exposition.js';
import { awaitCount, expectSourceLines, logTestBed, scrape } from '../helpers/logs.js';
import type { TestServer } from '../helpers/server.js';
import { findTool } from '../helpers/tools.js';

/**
 * Real journal files, written by systemd-journal-remote from the journal export format and
 * read back by journalctl --directory, as vigil reads them.
 */
const JOURNAL_REMOTE = [
  '/lib/systemd/systemd-journal-remote',
  '/usr/lib/systemd/systemd-journal-remote',
].find((p) => existsSync(p));
const journalctl = findTool('journalctl');
if (!JOURNAL_REMOTE && process.env.CI === 'true')
  throw new Error('systemd-journal-remote is required in CI but is not installed (see .ci/run)');
const available = Boolean(JOURNAL_REMOTE && journalctl);

const bed = logTestBed('vigil-journal-');
let clock = 1_700_000_000_000_000;

beforeEach(() => {
  mkdirSync(bed.path('journal'));
});

type Entry = Record<string, string>;

/**
 * Append entries to a journal file (created on first use), as journald would write them. A
 * value with a newline takes the export format's binary form: name, newline, 64-bit
 * little-endian length, the bytes.
 */
function writeJournal(entries: Entry[], file = 'system.journal'): void {
  const parts: Buffer[] = [];
  for (const e of entries) {
    clock += 1_000_000;
    const fields = { __REALTIME_TIMESTAMP: String(clock), _HOSTNAME: 'web-1', ...e };
    for (const [name, value] of Object.entries(fields)) {
      if (!value.includes('\n')) {
        parts.push(Buffer.from(`${name}=${value}\n`));
        continue;
      }
      const bytes = Buffer.from(value);
      const length = Buffer.alloc(8);
      length.writeBigUInt64LE(BigInt(bytes.length));
      parts.push(Buffer.from(`${name}\n`), length, bytes, Buffer.from('\n'));
    }
    parts.push(Buffer.from('\n'));
  }
  const input = bed.path('entries.export');
  writeFileSync(input, Buffer.concat(parts));
  execFileSync(JOURNAL_REMOTE as string, [`--output=${bed.path('journal', file)}`, input], {
    stdio: 'ignore',
  });
}

const nginx = (message: string, priority = '6'): Entry => ({
  _SYSTEMD_UNIT: 'nginx.service',
  SYSLOG_IDENTIFIER: 'nginx',
  PRIORITY: priority,
  MESSAGE: message,
});
const sshd = (message: string): Entry => ({
  _SYSTEMD_UNIT: 'ssh.service',
  SYSLOG_IDENTIFIER: 'sshd',
  PRIORITY: '6',
  MESSAGE: message,
});

function config(journal: string, startAt = 'beginning') {
  return parseConfig(
    `
logs:
  positions_file: ${bed.path('positions.json')}
  sources:
    - name: web
      start_at: ${startAt}
      journal:
        directory: ${bed.path('journal')}
${journal
  .split('\n')
  .map((l) => `        ${l}`)
  .join('\n')}
      rules:
        - {name: errors, match: 'error', metric: web_errors_total}
        - {name: status, match: 'status=(?P<status>\\d+)', metric: web_requests_total, labels: [status]}
`,
    'test.yml',
  );
}

const start = (cfg: ReturnType<typeof config>) => bed.start(cfg);
const expectEntries = (server: TestServer, n: number) => expectSourceLines(server, 'web', n, 500);

describe.runIf(available)('journal sources', () => {
  it('counts the entries of the units asked for, follows new ones, and labels by journal field', async () => {
    writeJournal([
      nginx('GET / status=200'),
      sshd('error: PAM authentication error'),
      nginx('upstream error status=502', '3'),
      nginx('GET /x status=404'),
    ]);
    const server = await start(config('units: [nginx.service]\nfields: {unit: _SYSTEMD_UNIT}'));
    let m = await expectEntries(server, 3);
    expect(sampleValue(m, 'web_errors_total', { unit: 'nginx.service' })).toBe(1);
    expect(sampleValue(m, 'web_requests_total', { unit: 'nginx.service', status: '502' })).toBe(1);

    writeJournal([nginx('GET / status=200'), sshd('error again'), nginx('a\nmulti-line error')]);
    m = await expectEntries(server, 5);
    expect(sampleValue(m, 'web_errors_total', { unit: 'nginx.service' })).toBe(2);
    expect(sampleValue(m, 'web_requests_total', { unit: 'nginx.service', status: '200' })).toBe(2);
  });

  it('filters by priority and field matches as journalctl does', async () => {
    writeJournal([
      nginx('crit error', '2'),
      nginx('info message', '6'),
      { ...sshd('warning error'), PRIORITY: '4' },
    ]);
    const server = await start(config('priority: warning\nmatches: {SYSLOG_IDENTIFIER: [nginx]}'));
    const m = await expectEntries(server, 1);
    expect(sampleValue(m, 'web_errors_total')).toBe(1);
  });

  it('resumes after the last entry counted when restarted, with start_at: end on a new source', async () => {
    writeJournal([nginx('old error'), nginx('old error')]);
    let server = await start(config('units: [nginx.service]', 'end'));
    await expectEntries(server, 0);
    writeJournal([nginx('new error')]);
    await expectEntries(server, 1);
    await bed.stop(server);

    writeJournal([nginx('while stopped error'), nginx('while stopped status=500')]);
    server = await start(config('units: [nginx.service]', 'end'));
    const m = await expectEntries(server, 2);
    expect(sampleValue(m, 'web_errors_total')).toBe(1);
    expect(sampleValue(m, 'vigil_log_journal_gaps_total', { source: 'web' })).toBe(0);
  });

  it('reports a journal replaced under a stopped vigil, then reads the new one from its start', async () => {
    writeJournal([nginx('a error'), nginx('b'), nginx('c')], 'first.journal');
    let server = await start(config('units: [nginx.service]'));
    await expectEntries(server, 3);
    await bed.stop(server);

    // Vacuumed: the file with the last entry read is gone; a new journal has other entries.
    rmSync(bed.path('journal', 'first.journal'));
    writeJournal([nginx('d error'), nginx('e error')], 'second.journal');
    server = await start(config('units: [nginx.service]'));
    const m = await expectEntries(server, 2);
    expect(sampleValue(m, 'web_errors_total')).toBe(2);
    expect(sampleValue(m, 'vigil_log_journal_gaps_total', { source: 'web' })).toBe(1);
  });

  it('retries a journalctl that fails, reports it, and counts once it works', async () => {
    rmSync(bed.path('journal'), { recursive: true });
    const server = await start(config('units: [nginx.service]'));
    await awaitCount(server, 'vigil_log_read_errors_total', 'web');
    mkdirSync(bed.path('journal'));
    writeJournal([nginx('late error')]);
    const m = await expectEntries(server, 1);
    expect(sampleValue(m, 'web_errors_total')).toBe(1);
  });

  it('keeps serving when journalctl is missing', async () => {
    const cfg = config('units: [nginx.service]\njournalctl: /nonexistent/journalctl');
    const server = await start(cfg);
    await awaitCount(server, 'vigil_log_read_errors_total', 'web');
    expect(sampleValue(await scrape(server), 'vigil_log_lines_total', { source: 'web' })).toBe(0);
  });
});

describe('journal source config', () => {
  it('wants either paths or journal', () => {
    expect(() =>
      parseConfig(
        'logs:\n  sources:\n    - name: x\n      rules: [{name: r, match: a, metric: x_total}]\n',
        'bad.yml',
      ),
    ).toThrow(/bad\.yml:3.*either paths \(files\) or journal, not neither/s);
  });

  it('refuses a field label that a rule also captures, and a bad field name', () => {
    expect(() =>
      parseConfig(
        `logs:
  sources:
    - name: x
      journal: {fields: {unit: _SYSTEMD_UNIT}}
      rules: [{name: r, match: '(?P<unit>\\w+)', metric: x_total, labels: [unit]}]
`,
        'bad.yml',
      ),
    ).toThrow(/label "unit" is also a label the source gives/);
    expect(() =>
      parseConfig(
        'logs:\n  sources:\n    - name: x\n      journal: {matches: {unit: a}}\n      rules: [{name: r, match: a, metric: x_total}]\n',
        'bad.yml',
      ),
    ).toThrow(/expected a journal field name/);
  });
});
