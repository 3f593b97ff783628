import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import * as z from 'zod';
import { ConfigError, readConfigText } from '../config/validate.js';

/**
 * `--web.config.file`, in the Prometheus exporter-toolkit format, so that one file serves
 * node_exporter and vigil alike: TLS, client certificates and basic auth with bcrypt hashes.
 */
const CLIENT_AUTH_TYPES = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
] as const;
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

const TLS_VERSIONS = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
} as const;
const tlsVersion = z.enum(Object.keys(TLS_VERSIONS) as [keyof typeof TLS_VERSIONS]);

/** Go's cipher and curve names have no one-to-one OpenSSL equivalent: refuse, do not guess. */
const unsupported = (what: string) =>
  z.unknown().refine(() => false, {
    message: `${what} is not supported: Node.js uses OpenSSL's defaults; remove the key`,
  });

const BCRYPT = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

const schema = z.strictObject({
  tls_server_config: z
    .strictObject({
      cert_file: z.string().min(1),
      key_file: z.string().min(1),
      client_auth_type: z.enum(CLIENT_AUTH_TYPES).default('NoClientCert'),
      client_ca_file: z.string().min(1).optional(),
      min_version: tlsVersion.default('TLS12'),
      max_version: tlsVersion.default('TLS13'),
      cipher_suites: unsupported('cipher_suites').optional(),
      curve_preferences: unsupported('curve_preferences').optional(),
      prefer_server_cipher_suites: z.boolean().optional(),
    })
    .optional(),
  http_server_config: z
    .strictObject({
      http2: z.boolean().optional(),
      /** Extra response headers (exporter-toolkit allows these security headers). */
      headers: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  basic_auth_users: z
    .record(
      z.string().min(1),
      z.string().regex(BCRYPT, 'must be a bcrypt hash ($2a$, $2b$ or $2y$); see the README'),
    )
    .optional(),
});

export interface WebConfig {
  /** The TLS settings to serve with, or null for plain HTTP. */
  readonly tls: {
    readonly clientAuth: ClientAuthType;
    /** For the server and for `setSecureContext` on reload. */
    readonly context: SecureContextOptions;
  } | null;
  readonly users: ReadonlyMap<string, string>;
  readonly headers: Readonly<Record<string, string>>;
  /** Every file it was built from, with its modification time, to notice changes. */
  readonly sources: ReadonlyMap<string, number>;
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/** Read and check a web config file; throws ConfigError naming the file and key. */
export async function loadWebConfig(file: string): Promise<WebConfig> {
  const { parseYaml } = await import('../config/yaml.js');
  const parsed = parseYaml(await readConfigText(file), file, schema);
  const sources = new Map<string, number>([[file, mtime(file)]]);
  // Paths in the file are relative to it, as in exporter-toolkit.
  const read = (key: string, path: string) => {
    const full = resolve(dirname(file), path);
    try {
      const text = readFileSync(full);
      sources.set(full, mtime(full));
      return text;
    } catch (err) {
      throw new ConfigError(file, [
        { path: key, message: `cannot read ${full}: ${(err as NodeJS.ErrnoException).code}` },
      ]);
    }
  };

  let tls: WebConfig['tls'] = null;
  const t = parsed.tls_server_config;
  if (t) {
    const verifies =
      t.client_auth_type === 'VerifyClientCertIfGiven' ||
      t.client_auth_type === 'RequireAndVerifyClientCert';
    if (verifies && !t.client_ca_file) {
      throw new ConfigError(file, [
        {
          path: 'tls_server_config.client_ca_file',
          message: `required when client_auth_type is ${t.client_auth_type}`,
        },
      ]);
    }
    const context: SecureContextOptions = {
      cert: read('tls_server_config.cert_file', t.cert_file),
      key: read('tls_server_config.key_file', t.key_file),
      ca: t.client_ca_file ? read('tls_server_config.client_ca_file', t.client_ca_file) : undefined,
      minVersion: TLS_VERSIONS[t.min_version],
      maxVersion: TLS_VERSIONS[t.max_version],
    };
    try {
      // Catches a key that does not match its certificate, or a file that is not PEM.
      createSecureContext(context);
    } catch (err) {
      throw new ConfigError(file, [
        {
          path: 'tls_server_config',
          message: `unusable certificate or key: ${(err as Error).message}`,
        },
      ]);
    }
    tls = { clientAuth: t.client_auth_type, context };
  }
  return {
    tls,
    users: new Map(Object.entries(parsed.basic_auth_users ?? {})),
    headers: parsed.http_server_config?.headers ?? {},
    sources,
  };
}

/** Whether any file a config was built from has changed (or gone) since. */
export function webConfigChanged(config: WebConfig): boolean {
  for (const [path, time] of config.sources) if (mtime(path) !== time) return true;
  return false;
}
