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
    const tested = testFiles.map((f) => readFileSync(`${root}${f}`, 'utf8')).join('\n');
    for (const file of ruleFiles) {
      for (const group of parse(readFileSync(`${root}${file}`, 'utf8')).groups) {
        for (const rule of group.rules.filter((r: { alert?: string }) => r.alert)) {
          expect(rule.labels?.severity, rule.alert).toMatch(/^(critical|warning|info)$/);
          expect(rule.annotations?.summary, rule.alert).toBeTruthy();
          expect(rule.annotations?.description, rule.alert).toBeTruthy();
          const anchor = rule.alert.toLowerCase();
          expect(rule.annotations?.runbook_url, rule.alert).toBe(`docs/runbooks.md#${anchor}`);
          expect(runbooks, rule.alert).toContain(`## ${rule.alert}\n`);
          expect(tested, `${rule.alert} has a promtool test`).toContain(`alertname: ${rule.alert}`);
        }
      }
    }
  });

  it('is loaded by the shipped prometheus.yml', () => {
    expect(run('check', 'config', 'prometheus.yml').code).toBe(0);
  });
});
