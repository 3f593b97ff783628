import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../exporter/config/load.js';
import { eventually } from '../helpers/eventually.js';
import { type RunningVigil, startVigil } from '../helpers/process.js';

/** Every secret vigil is given, by where it comes from. */
const SECRETS = {
  tokenFromFile: 'tok-from-file-5f1c2a',
  passwordFromEnv: 'pw-from-env-9d8e7b',
  tokenFromEnv: 'tok-from-env-3a4b5c',
  scrapePassword: 'scrape-pw-1e2f3a',
};

/**
 * Secrets come only from files or the environment, and never show up again: not in the
 * log (at debug level, through reloads and failing targets), not on /metrics, not on the
 * landing page, even when a target echoes them back in its error replies.
 */
describe('secrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-secrets-'));
  let api: Server;
  let vigil: RunningVigil;
  const auth = {
    headers: {
      authorization: `Basic ${Buffer.from(`prometheus:${SECRETS.scrapePassword}`).toString('base64')}`,
    },
  };

  beforeAll(async () => {
    // Answers /ok, and echoes the request's Authorization header in a 500 on /echo.
    api = createServer((req, res) => {
      if (req.url === '/echo') {
        res.statusCode = 500;
        res.end(`denied: ${req.headers.authorization}`);
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end('{"v": 1}');
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    writeFileSync(join(dir, 'token'), `${SECRETS.tokenFromFile}\n`);
    writeFileSync(
      join(dir, 'vigil.yml'),
      `apis:
  - name: file_token
    url: ${base}/ok
    auth: {bearer_token: {token_file: ${join(dir, 'token')}}}
    metrics: [{name: a_value, path: $.v}]
  - name: env_password
    url: ${base}/echo
    auth: {basic: {username: vigil, password: {password_env: VIGIL_TEST_PASSWORD}}}
    metrics: [{name: b_value, path: $.v}]
  - name: env_token
    url: ${base}/echo
    auth: {bearer_token: {token_env: VIGIL_TEST_TOKEN}}
    metrics: [{name: c_value, path: $.v}]
`,
    );
    writeFileSync(
      join(dir, 'web.yml'),
      `basic_auth_users:\n  prometheus: ${bcrypt.hashSync(SECRETS.scrapePassword, 4)}\n`,
    );
    process.env.VIGIL_TEST_PASSWORD = SECRETS.passwordFromEnv;
    process.env.VIGIL_TEST_TOKEN = SECRETS.tokenFromEnv;
    vigil = await startVigil([
      `--config.file=${join(dir, 'vigil.yml')}`,
      `--web.config.file=${join(dir, 'web.yml')}`,
      '--collector.disable-defaults',
      '--collector.apis',
      '--log.level=debug',
    ]);
  });

  afterAll(async () => {
    await vigil?.stop();
    await new Promise((r) => api?.close(r));
    delete process.env.VIGIL_TEST_PASSWORD;
    delete process.env.VIGIL_TEST_TOKEN;
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses them, and shows none of them in the log, on /metrics or on the landing page', async () => {
    const metrics = await eventually(async () => {
      const text = await (await fetch(`${vigil.url}/metrics`, auth)).text();
      return text.includes('a_value{target="file_token"} 1') ? text : undefined;
    });
    // The echoing target failed, so vigil did send it the credentials.
    expect(metrics).toMatch(
      /vigil_api_errors_total\{target="env_password",reason="http_status"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /vigil_api_errors_total\{target="env_token",reason="http_status"\} [1-9]/,
    );
    vigil.child.kill('SIGHUP');
    await vigil.waitForLog(/configuration reloaded/);
    await fetch(`${vigil.url}/metrics`, auth);
    const landing = await (await fetch(`${vigil.url}/`, auth)).text();
    const refused = await (await fetch(`${vigil.url}/metrics`)).text();
    for (const [where, text] of Object.entries({ log: vigil.log(), metrics, landing, refused }))
      for (const [name, secret] of Object.entries(SECRETS)) {
        expect(text.includes(secret), `${name} in ${where}`).toBe(false);
        // Nor base64-encoded, as it travels in a Basic header.
        const encoded = Buffer.from(`vigil:${secret}`).toString('base64');
        expect(text.includes(encoded), `${name} (base64) in ${where}`).toBe(false);
      }
    expect(vigil.log()).toContain('env_password');
  });

  it('cannot be written into the config file itself', () => {
    const inline = (auth: string) => () =>
      parseConfig(
        `apis:\n  - name: t\n    url: http://127.0.0.1:1/\n    auth: ${auth}\n    metrics: [{name: m, path: $.v}]\n`,
        'v.yml',
      );
    expect(inline('{bearer_token: {token: abc}}')).toThrow(/unknown key/);
    expect(inline('{basic: {username: u, password: abc}}')).toThrow();
    expect(() =>
      parseConfig(
        'apis:\n  - name: t\n    url: http://u:p@127.0.0.1:1/\n    metrics: [{name: m, path: $.v}]\n',
        'v.yml',
      ),
    ).toThrow(/put credentials under auth/);
  });
});
