import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import bcrypt from 'bcryptjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { type RunningVigil, runVigil, startVigil } from '../helpers/process.js';
import { makeCa } from '../helpers/tls.js';
import { findTool } from '../helpers/tools.js';

const openssl = findTool('openssl');
const dir = mkdtempSync(join(tmpdir(), 'vigil-web-'));
const webConfig = join(dir, 'web.yml');
let ca: ReturnType<typeof makeCa>;
let server: { cert: string; key: string };
let client: { cert: string; key: string };
let stranger: { cert: string; key: string };

beforeAll(() => {
  if (!openssl) return;
  ca = makeCa(openssl, dir);
  server = ca.issue('server');
  client = ca.issue('client');
  // A client certificate from a CA vigil does not trust.
  const otherDir = mkdtempSync(join(dir, 'other-'));
  stranger = makeCa(openssl, otherDir).issue('stranger');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Write the web config, with a modification time that differs from the last one. */
function writeWebConfig(text: string): void {
  writeFileSync(webConfig, text);
  const t = new Date(Date.now() + Math.floor(Math.random() * 100_000));
  utimesSync(webConfig, t, t);
}

/** A GET over HTTPS on a fresh connection; the status, or the error's code. */
function get(
  url: string,
  options: RequestOptions = {},
): Promise<{ status?: number; error?: string; body?: string; serial?: string; headers?: object }> {
  return new Promise((resolve) => {
    const req = httpsRequest(url, { ca: readFileSync(ca.ca), agent: false, ...options }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          body,
          headers: res.headers,
          serial: (res.socket as TLSSocket).getPeerCertificate?.()?.serialNumber,
        }),
      );
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end();
  });
}

const basic = (user: string, password: string) => ({
  headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
});

describe('--web.config.file that is invalid', () => {
  const error = async (text: string) => {
    writeWebConfig(text);
    const r = await runVigil([
      `--web.config.file=${webConfig}`,
      '--web.listen-address=127.0.0.1:0',
    ]);
    expect(r.code).toBe(2);
    return r.stderr;
  };

  it('stops vigil before it listens, naming the file, line and key', async () => {
    expect(await error('basic_auth_users:\n  prometheus: plaintext\n')).toMatch(
      /web\.yml:2:\d+: basic_auth_users\.prometheus: must be a bcrypt hash/,
    );
    expect(
      await error('tls_server_config:\n  cert_file: a.pem\n  key_file: a.key\n  colour: red\n'),
    ).toMatch(/web\.yml:4:\d+: tls_server_config\.colour: unknown key/);
    expect(
      await error('tls_server_config:\n  cert_file: missing.pem\n  key_file: missing.key\n'),
    ).toMatch(/tls_server_config\.cert_file: cannot read .*missing\.pem: ENOENT/);
    expect(
      await error(
        `tls_server_config:\n  cert_file: ${server?.cert}\n  key_file: ${server?.key}\n  client_auth_type: RequireAndVerifyClientCert\n`,
      ),
    ).toMatch(
      /tls_server_config\.client_ca_file: required when client_auth_type is RequireAndVerifyClientCert/,
    );
    expect(
      await error(`tls_server_config:\n  cert_file: ${server?.cert}\n  key_file: ${client?.key}\n`),
    ).toMatch(/tls_server_config: unusable certificate or key/);
    expect(
      await error(
        `tls_server_config:\n  cert_file: ${server?.cert}\n  key_file: ${server?.key}\n  cipher_suites: [TLS_AES_128_GCM_SHA256]\n`,
      ),
    ).toMatch(/cipher_suites is not supported/);
  });
});

describe.skipIf(!openssl)('--web.config.file', () => {
  let vigil: RunningVigil | undefined;
  afterEach(async () => {
    await vigil?.stop();
    vigil = undefined;
  });
  const start = async (text: string) => {
    writeWebConfig(text);
    vigil = await startVigil([
      `--web.config.file=${webConfig}`,
      '--collector.disable-defaults',
      '--collector.loadavg',
    ]);
    await vigil.waitForLog(/listening.*tls=on/);
    return vigil.url.replace('http://', 'https://');
  };
  const tls = () => `tls_server_config:\n  cert_file: ${server.cert}\n  key_file: ${server.key}\n`;

  it('serves over TLS only, with TLS 1.3 refused below min_version', async () => {
    const url = await start(`${tls()}  min_version: TLS13\n`);
    const ok = await get(`${url}/metrics`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatch(/^node_load1 /m);
    expect((await get(`${url}/metrics`, { maxVersion: 'TLSv1.2' })).error).toBeDefined();
    const plain = await fetch(`${url.replace('https://', 'http://')}/metrics`).catch((e) => e);
    expect(plain).toBeInstanceOf(Error);
  });

  it('requires a client certificate from client_ca_file under RequireAndVerifyClientCert', async () => {
    const url = await start(
      `${tls()}  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ${ca.ca}\n`,
    );
    const mine = { cert: readFileSync(client.cert), key: readFileSync(client.key) };
    expect((await get(`${url}/metrics`, mine)).status).toBe(200);
    expect((await get(`${url}/metrics`)).status).toBeUndefined();
    const theirs = { cert: readFileSync(stranger.cert), key: readFileSync(stranger.key) };
    expect((await get(`${url}/metrics`, theirs)).status).toBeUndefined();
  });

  it('checks basic auth on every path, and refuses every failure alike', async () => {
    const hash = bcrypt.hashSync('s3cret', 4);
    const url = await start(`${tls()}basic_auth_users:\n  prometheus: ${hash}\n`);
    expect((await get(`${url}/metrics`, basic('prometheus', 's3cret'))).status).toBe(200);
    const failures = await Promise.all([
      get(`${url}/metrics`),
      get(`${url}/metrics`, basic('prometheus', 'wrong')),
      get(`${url}/metrics`, basic('nobody', 's3cret')),
      get(`${url}/-/healthy`),
      get(`${url}/`, { headers: { authorization: 'Bearer s3cret' } }),
    ]);
    for (const f of failures) {
      expect(f.status).toBe(401);
      expect(f.body).toBe('Unauthorized\n');
      expect((f.headers as Record<string, string>)['www-authenticate']).toBe('Basic realm="vigil"');
    }
  });

  it('picks up new users and certificates without a restart, and keeps them over a bad file', async () => {
    const url = await start(
      `${tls()}basic_auth_users:\n  prometheus: ${bcrypt.hashSync('old', 4)}\n`,
    );
    const first = await get(`${url}/metrics`, basic('prometheus', 'old'));
    expect(first.status).toBe(200);

    // A new password and a new certificate (from the same CA, so with another serial).
    const renewed = ca.issue('renewed');
    writeWebConfig(
      `tls_server_config:\n  cert_file: ${renewed.cert}\n  key_file: ${renewed.key}\nbasic_auth_users:\n  prometheus: ${bcrypt.hashSync('new', 4)}\n`,
    );
    await eventually(async () =>
      (await get(`${url}/metrics`, basic('prometheus', 'new'))).status === 200 ? true : undefined,
    );
    expect((await get(`${url}/metrics`, basic('prometheus', 'old'))).status).toBe(401);
    const after = await get(`${url}/metrics`, basic('prometheus', 'new'));
    expect(after.serial).not.toBe(first.serial);

    writeWebConfig('basic_auth_users:\n  prometheus: not-a-hash\n');
    await vigil?.waitForLog(/web config reload failed; keeping the running one/);
    expect((await get(`${url}/metrics`, basic('prometheus', 'new'))).status).toBe(200);
  });
});
