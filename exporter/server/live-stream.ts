import type { ServerResponse } from 'node:http';
import type { Exporter } from '../core/exporter.js';
import type { Logger } from '../core/logger.js';
import { liveSnapshot } from './live-snapshot.js';
import { sendText } from './respond.js';

/** How often open pages get a snapshot. */
const INTERVAL_MS = 2_000;
/** Pages served at once; more get 503, so that pages cannot multiply the collection work. */
const MAX_CLIENTS = 10;
/** The collectors whose families the live view draws; the others are not run for it. */
const DRAWN = [
  'cpu',
  'meminfo',
  'loadavg',
  'diskstats',
  'netdev',
  'process_groups',
  'ports',
  'logs',
  'apis',
];

/**
 * Server-sent events for the live view. Collection runs only while at least one page is
 * open, every two seconds, through the same (shared, deadline-bound) collection as /metrics,
 * without touching what a scrape resets;
 * nothing is kept between snapshots: history lives in the browser.
 */
export class LiveStream {
  private readonly clients = new Set<ServerResponse>();
  private timer: NodeJS.Timeout | null = null;
  private sending = false;

  constructor(
    private readonly exporter: Exporter,
    private readonly logger: Logger,
  ) {}

  /** Pages connected now. */
  get size(): number {
    return this.clients.size;
  }

  open(res: ServerResponse): void {
    if (this.clients.size >= MAX_CLIENTS) {
      sendText(res, 503, `too many live views open (limit ${MAX_CLIENTS})\n`);
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      // no-transform: proxies that compress leave the stream alone.
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
    });
    res.flushHeaders();
    this.clients.add(res);
    res.on('close', () => {
      this.clients.delete(res);
      if (this.clients.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    });
    void this.send();
    this.timer ??= setInterval(() => void this.send(), INTERVAL_MS);
  }

  /** End every stream (shutdown). */
  close(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async send(): Promise<void> {
    if (this.sending || this.clients.size === 0) return;
    this.sending = true;
    try {
      const only = new Set(DRAWN.filter((n) => this.exporter.collectorNames.includes(n)));
      const collected = await this.exporter.collect({ only });
      const message = `data: ${JSON.stringify(liveSnapshot(collected))}\n\n`;
      for (const res of this.clients) res.write(message);
    } catch (err) {
      this.logger.warn('live view snapshot failed', { err });
    } finally {
      this.sending = false;
    }
  }
}
