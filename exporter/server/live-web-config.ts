import type { SecureContextOptions } from 'node:tls';
import type { Logger } from '../core/logger.js';
import { loadWebConfig, type WebConfig, webConfigChanged } from './web-config.js';

/** How often, at most, the web config file and the files it names are checked for changes. */
const CHECK_MS = 1_000;

/**
 * The web config as it is now: the file is re-read when it, or a certificate, key or CA it
 * names, changes, so users, hashes and certificates change without a restart. A new file
 * that is invalid keeps the running one (and is logged once). Turning TLS on or off, or
 * changing client_auth_type, changes how the server listens: that part waits for a restart.
 */
export class LiveWebConfig {
  private lastCheck = Date.now();
  private lastError = '';
  private loading: Promise<void> | null = null;

  constructor(
    private readonly file: string,
    public current: WebConfig,
    private readonly logger: Logger,
    /** Serve new connections with this TLS context. */
    private readonly setTls: (context: SecureContextOptions) => void,
  ) {
    // Also without traffic, so that a new certificate is in place and a broken file is
    // reported before the next scrape.
    setInterval(() => void this.get(), 2 * CHECK_MS).unref();
  }

  /** The config to apply to a request, after checking for changes (at most once a second). */
  async get(): Promise<WebConfig> {
    const now = Date.now();
    if (now - this.lastCheck >= CHECK_MS && !this.loading) {
      this.lastCheck = now;
      if (webConfigChanged(this.current))
        this.loading = this.reload().finally(() => {
          this.loading = null;
        });
    }
    await this.loading;
    return this.current;
  }

  private async reload(): Promise<void> {
    let next: WebConfig;
    try {
      next = await loadWebConfig(this.file);
    } catch (err) {
      const message = (err as Error).message;
      if (message !== this.lastError)
        this.logger.error('web config reload failed; keeping the running one', { err: message });
      this.lastError = message;
      return;
    }
    this.lastError = '';
    const before = this.current.tls;
    if (Boolean(next.tls) !== Boolean(before) || next.tls?.clientAuth !== before?.clientAuth) {
      this.logger.warn(
        'web config: turning TLS on or off, or changing client_auth_type, takes effect at the next restart',
        { file: this.file },
      );
      next = { ...next, tls: before };
    } else if (next.tls) {
      this.setTls(next.tls.context);
    }
    this.current = next;
    this.logger.info('web config reloaded', { file: this.file });
  }
}
