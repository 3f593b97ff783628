import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findTool } from '../helpers/tools.js';

const promtool = findTool('promtool');
const root = fileURLToPath(new URL('../../', import.meta.url));
const ruleFiles = readdirSync(`${root}alert-rules`)
  .filter((f) => f.endsWith('.yml'))
  .map((f) => `alert-rules/${f}`);
const testFiles = readdirSync(`${root}alert-rules/tests`)
  .filter((f) => f.endsWith('.yml'))
  .map((f) => `alert-rules/tests/${f}`);

function run(...args: string[]) {
  const r = spawnSync(promtool as string, args, { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(!promtool)('alert-rules/', () => {
  it('passes promtool check rules', () => {
    const r = run('check', 'rules', ...ruleFiles);
    expect(r.out).not.toContain('FAILED');
    expect(r.code).toBe(0);
  });

  it('passes promtool test rules', () => {
    const r = run('test', 'rules', ...testFiles);
    expect(r.out).not.toContain('FAILED');
    expect(r.code).toBe(0);
  });

  it('gives every alert a severity, summary, description and a runbook that exists', () => {
    const runbooks = readFileSync(`${root}docs/runbooks.md`, 'utf8');
    const alerting = readFileSync(`${root}docs/alerting.md`, 'utf8');
    const tested = testFiles.map((f) => readFileSync(`${root}${f}`, 'utf8')).join('\n');
    for (const file of ruleFiles) {
      for (const group of parse(readFileSync(`${root}${file}`, 'utf8')).groups) {
        for (const rule of group.rules.filter((r: { alert?: string }) => r.alert)) {
          const where = `${file}: ${rule.alert}`;
          expect(rule.labels?.severity, where).toMatch(/^(critical|warning|info)$/);
          expect(rule.annotations?.summary, where).toBeTruthy();
          expect(rule.annotations?.description, where).toBeTruthy();
          const anchor = rule.alert.toLowerCase();
          expect(rule.annotations?.runbook_url, where).toBe(`docs/runbooks.md#${anchor}`);
          expect(runbooks, where).toContain(`## ${rule.alert}\n`);
          expect(alerting, `${where} is listed in docs/alerting.md`).toContain(rule.alert);
          expect(tested, `${where} has a promtool test`).toContain(`alertname: ${rule.alert}`);
        }
      }
    }
  });

  it('names every recording rule in a promtool test', () => {
    const tested = testFiles.map((f) => readFileSync(`${root}${f}`, 'utf8')).join('\n');
    const untested: string[] = [];
    for (const file of ruleFiles)
      for (const group of parse(readFileSync(`${root}${file}`, 'utf8')).groups)
        for (const rule of group.rules as { record?: string }[])
          if (rule.record && !new RegExp(`${rule.record}\\b`).test(tested))
            untested.push(`${file}: ${rule.record}`);
    expect(untested).toEqual([]);
  });

  it('is loaded by the shipped prometheus.yml', () => {
    expect(run('check', 'config', 'prometheus.yml').code).toBe(0);
  });
});
