import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Exporter, UnknownCollectorError } from '../core/exporter.js';
import type { Logger } from '../core/logger.js';
import {
  type ExpositionFormat,
  OPENMETRICS_CONTENT_TYPE,
  serialize,
  TEXT_CONTENT_TYPE,
} from '../exposition/serialize.js';
import type { MetricFamily } from '../exposition/types.js';
import { buildInfo } from '../version.js';
import type { Guard } from './guard.js';
import { renderLanding } from './landing.js';
import type { LiveStream } from './live-stream.js';
import {
  acceptsGzip,
  type Body,
  encodeBody,
  type Handler,
  hasBody,
  preferredType,
  sendBody,
  sendCompressible,
  sendFile,
  sendText,
} from './respond.js';

export interface AppOptions {
  readonly exporter: Exporter;
  readonly telemetryPath: string;
  /** Scrapes served at once; 0 means no limit. */
  readonly maxRequests: number;
  readonly logger: Logger;
  /** False while starting or shutting down. */
  readonly isReady: () => boolean;
  /** TLS client certificates, basic auth and extra headers, from --web.config.file. */
  readonly guard?: Guard;
  /** The live view's stream; without it, / shows no charts' data. */
  readonly live?: LiveStream;
}

/**
 * The browser files of the live view: ECharts from its package, and the page's script. Paths
 * are found at the first request: resolving a package walks node_modules, which a start that
 * is never asked for the page need not do.
 */
const ASSETS: Record<string, () => string> = {
  'echarts.min.js': () =>
    createRequire(import.meta.url).resolve('echarts/dist/echarts.common.min.js'),
  'live.js': () => fileURLToPath(new URL('./static/live.js', import.meta.url)),
};

/** Prometheus sends its scrape timeout; leave a margin for serialisation and the network. */
const TIMEOUT_MARGIN_SECONDS = 0.5;

/** The formats offered, with their version parameter: Accept entries with one match only those. */
const FORMATS = [
  'text/plain;version=0.0.4',
  'application/openmetrics-text;version=1.0.0',
  'application/openmetrics-text;version=0.0.1',
];

function listParam(values: string[]): Set<string> | undefined {
  if (values.length === 0) return undefined;
  const list = values.flatMap((v) => v.split(','));
  return new Set(list.map((v) => v.trim()).filter(Boolean));
}

function scraperTimeout(req: IncomingMessage): number | undefined {
  const header = Number(req.headers['x-prometheus-scrape-timeout-seconds']);
  if (!Number.isFinite(header) || header <= 0) return undefined;
  return Math.max(header - TIMEOUT_MARGIN_SECONDS, header / 2);
}

function negotiate(req: IncomingMessage): ExpositionFormat {
  // Prometheus prefers OpenMetrics through q-values; plain clients get the text format.
  if (!req.headers.accept) return 'text';
  return preferredType(req, FORMATS)?.startsWith('application/openmetrics-text')
    ? 'openmetrics'
    : 'text';
}

const PAGE_HEADERS = {
  // The live view's scripts and stream come from here; nothing from anywhere else.
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/**
 * The exporter's HTTP routes on plain node:http: six fixed paths need no framework, and a
 * framework's per-request work was a third of the cost of serving /-/healthy.
 */
export function createApp(options: AppOptions): Handler {
  const { exporter, telemetryPath, maxRequests, logger } = options;
  const allowed = options.guard;

  let inFlight = 0;
  const encoded = new WeakMap<readonly MetricFamily[], Map<string, Promise<Body>>>();
  const metrics: Handler = async (req, res) => {
    if (maxRequests > 0 && inFlight >= maxRequests) {
      sendText(res, 503, `too many concurrent scrapes (limit ${maxRequests})\n`);
      return;
    }
    inFlight++;
    try {
      const query = new URLSearchParams(req.url?.slice(telemetryPath.length + 1) ?? '');
      const only = listParam(query.getAll('collect[]'));
      const exclude = listParam(query.getAll('exclude[]'));
      if (only && exclude) {
        sendText(res, 400, 'collect[] and exclude[] cannot be combined\n');
        return;
      }
      const families = await exporter.scrape({
        only,
        exclude,
        timeoutSeconds: scraperTimeout(req),
      });
      const format = negotiate(req);
      const gzip = acceptsGzip(req);
      // Scrapes that shared a collection share its serialised, compressed body too.
      let bodies = encoded.get(families);
      if (!bodies) {
        bodies = new Map();
        encoded.set(families, bodies);
      }
      let body = bodies.get(`${format} ${gzip}`);
      if (!body) {
        body = encodeBody(serialize(families, format), gzip);
        bodies.set(`${format} ${gzip}`, body);
      }
      sendBody(
        res,
        format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE,
        await body,
      );
    } catch (err) {
      if (err instanceof UnknownCollectorError) {
        sendText(res, 400, `${err.message}\n`);
        return;
      }
      logger.error('scrape failed', { err });
      sendText(res, 500, 'scrape failed; see the exporter log\n');
    } finally {
      inFlight--;
    }
  };

  const routes = new Map<string, Handler>([
    [telemetryPath, metrics],
    ['/-/healthy', (_req, res) => sendText(res, 200, 'Healthy\n')],
    [
      '/-/ready',
      (_req, res) =>
        options.isReady() ? sendText(res, 200, 'Ready\n') : sendText(res, 503, 'Not ready\n'),
    ],
    [
      '/live',
      (_req, res) => (options.live ? options.live.open(res) : sendText(res, 404, 'not found\n')),
    ],
    [
      '/',
      (req, res) =>
        sendCompressible(
          req,
          res,
          'text/html; charset=utf-8',
          renderLanding({
            version: buildInfo.version,
            revision: buildInfo.revision,
            telemetryPath,
            collectors: exporter.statuses,
          }),
          PAGE_HEADERS,
        ),
    ],
  ]);
  for (const [file, locate] of Object.entries(ASSETS)) {
    let path: string | undefined;
    routes.set(`/static/${file}`, (req, res) => {
      path ??= locate();
      sendFile(req, res, path, 'application/javascript; charset=utf-8', {
        'Cache-Control': 'public, max-age=3600',
      });
    });
  }

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (hasBody(req)) {
      sendText(res, 413, 'request bodies are not accepted\n', { Connection: 'close' });
      return;
    }
    if (allowed && !(await allowed(req, res))) return;
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const route = routes.get(query < 0 ? url : url.slice(0, query));
    if (!route) {
      sendText(res, 404, 'not found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    await route(req, res);
  };

  return (req, res) => {
    serve(req, res).catch((err: unknown) => {
      logger.error('request failed', { path: req.url, err });
      if (!res.headersSent) sendText(res, 500, 'request failed; see the exporter log\n');
      else res.destroy();
    });
  };
}
