import { readFileSync } from 'node:fs';
import type { Logger } from '../core/logger.js';
import type { MetricFamily } from '../exposition/types.js';
import type { ApiTargetConfig } from './config.js';
import { ERROR_REASONS, type ErrorReason } from './errors.js';
import { ExtractError, extract } from './extract.js';
import { FetchError, httpGet } from './http-get.js';

class SecretError extends Error {}

/** Read a secret from its file (each time, so a rotated token is picked up) or environment. */
function secret(source: Record<string, string | undefined>, what: string): string {
  const file = source[`${what}_file`];
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new SecretError(
        `cannot read ${what}_file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
  }
  const env = source[`${what}_env`] as string;
  const value = process.env[env];
  if (value === undefined) throw new SecretError(`environment variable ${env} is not set`);
  return value;
}

export interface TargetResult {
  readonly up: boolean;
  readonly durationSeconds: number;
  /** Families of the metrics that could be read, each sample labelled with the target. */
  readonly families: MetricFamily[];
}

/** One API target: how to fetch it, and what it has reported since start. */
export class ApiTarget {
  readonly errors = new Map<ErrorReason, number>(ERROR_REASONS.map((r) => [r, 0]));
  lastSuccess: number | undefined;
  last: TargetResult | undefined;
  private lastMessage: string | undefined;
  private readonly ca: Buffer | undefined;

  constructor(
    readonly config: ApiTargetConfig,
    private readonly logger: Logger,
  ) {
    this.ca = config.tls.ca_file ? readFileSync(config.tls.ca_file) : undefined;
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json', ...this.config.headers };
    const auth = this.config.auth;
    if (auth?.bearer_token) headers.Authorization = `Bearer ${secret(auth.bearer_token, 'token')}`;
    if (auth?.basic) {
      const password = secret(auth.basic.password, 'password');
      headers.Authorization = `Basic ${Buffer.from(`${auth.basic.username}:${password}`).toString('base64')}`;
    }
    return headers;
  }

  async fetch(signal: AbortSignal): Promise<TargetResult> {
    const started = performance.now();
    const problems: Array<{ reason: ErrorReason; message: string }> = [];
    const families: MetricFamily[] = [];
    try {
      const body = await httpGet(this.config.url, {
        headers: this.headers(),
        timeoutSeconds: this.config.timeout,
        maxBodyBytes: this.config.max_body_bytes,
        maxRedirects: this.config.max_redirects,
        ca: this.ca,
        insecureSkipVerify: this.config.tls.insecure_skip_verify,
        signal,
      });
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch (err) {
        throw Object.assign(new Error(`reply is not JSON: ${(err as Error).message}`), {
          reason: 'invalid_json' as const,
        });
      }
      for (const m of this.config.metrics) {
        try {
          const samples = extract(m, json).map((s) => ({
            ...s,
            labels: { target: this.config.name, ...s.labels },
          }));
          families.push({
            name: m.name,
            help: m.help ?? `${m.path} from API target ${this.config.name}.`,
            type: m.type,
            samples,
          });
        } catch (err) {
          if (!(err instanceof ExtractError)) throw err;
          problems.push({ reason: err.reason, message: err.message });
        }
      }
    } catch (err) {
      if (err instanceof FetchError) problems.push({ reason: err.reason, message: err.message });
      else if (err instanceof SecretError)
        problems.push({ reason: 'secret', message: err.message });
      else if ((err as { reason?: string }).reason === 'invalid_json')
        problems.push({ reason: 'invalid_json', message: (err as Error).message });
      else problems.push({ reason: 'connection', message: (err as Error).message });
    }
    for (const p of problems) this.errors.set(p.reason, (this.errors.get(p.reason) ?? 0) + 1);
    const up = problems.length === 0;
    if (up) this.lastSuccess = Date.now() / 1000;
    const message = problems.map((p) => `${p.reason}: ${p.message}`).join('; ') || undefined;
    if (message !== this.lastMessage) {
      if (message)
        this.logger.warn('API target failed', { target: this.config.name, err: message });
      else this.logger.info('API target recovered', { target: this.config.name });
      this.lastMessage = message;
    }
    this.last = { up, durationSeconds: (performance.now() - started) / 1000, families };
    return this.last;
  }
}
