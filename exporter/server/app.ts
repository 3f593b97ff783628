import { createRequire } from 'node:module';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express, { type Request, type Response } from 'express';
import { type Exporter, UnknownCollectorError } from '../core/exporter.js';
import type { Logger } from '../core/logger.js';
import {
  type ExpositionFormat,
  OPENMETRICS_CONTENT_TYPE,
  serialize,
  TEXT_CONTENT_TYPE,
} from '../exposition/serialize.js';
import { buildInfo } from '../version.js';
import { BasicAuth } from './basic-auth.js';
import { renderLanding } from './landing.js';
import type { LiveStream } from './live-stream.js';
import type { LiveWebConfig } from './live-web-config.js';

export interface AppOptions {
  readonly exporter: Exporter;
  readonly telemetryPath: string;
  /** Scrapes served at once; 0 means no limit. */
  readonly maxRequests: number;
  readonly logger: Logger;
  /** False while starting or shutting down. */
  readonly isReady: () => boolean;
  /** TLS client certificates, basic auth and extra headers, from --web.config.file. */
  readonly webConfig?: LiveWebConfig;
  /** The live view's stream; without it, / shows no charts' data. */
  readonly live?: LiveStream;
}

/** The browser files of the live view: ECharts from its package, and the page's script. */
const ASSETS: Record<string, string> = {
  'echarts.min.js': createRequire(import.meta.url).resolve('echarts/dist/echarts.common.min.js'),
  'live.js': fileURLToPath(new URL('./static/live.js', import.meta.url)),
};

/** Prometheus sends its scrape timeout; leave a margin for serialisation and the network. */
const TIMEOUT_MARGIN_SECONDS = 0.5;

function listParam(value: unknown): Set<string> | undefined {
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  return new Set(list.map((v) => v.trim()).filter(Boolean));
}

function scraperTimeout(req: Request): number | undefined {
  const header = Number(req.get('X-Prometheus-Scrape-Timeout-Seconds'));
  if (!Number.isFinite(header) || header <= 0) return undefined;
  return Math.max(header - TIMEOUT_MARGIN_SECONDS, header / 2);
}

function negotiate(req: Request): ExpositionFormat {
  // Prometheus prefers OpenMetrics through q-values; plain clients get the text format.
  // Offers carry their version parameter, since Accept entries with parameters match only those.
  const best = req.accepts([
    'text/plain;version=0.0.4',
    'application/openmetrics-text;version=1.0.0',
    'application/openmetrics-text;version=0.0.1',
  ]);
  return typeof best === 'string' && best.startsWith('application/openmetrics-text')
    ? 'openmetrics'
    : 'text';
}

function setPageHeaders(res: Response): void {
  res.set({
    // The live view's scripts and stream come from here; nothing from anywhere else.
    'Content-Security-Policy':
      "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:",
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  });
}

/**
 * Apply the web config to every request: its extra headers, the client certificate its
 * client_auth_type asks for, and basic auth. A refusal says nothing of what was wrong.
 */
function guard(live: LiveWebConfig): express.RequestHandler {
  const auth = new BasicAuth();
  return async (req, res, next) => {
    const config = await live.get();
    res.set(config.headers);
    // The handshake enforces RequireAndVerifyClientCert; these two are checked here.
    const clientAuth = config.tls?.clientAuth;
    if (clientAuth === 'RequireAnyClientCert' || clientAuth === 'VerifyClientCertIfGiven') {
      const socket = req.socket as TLSSocket;
      const hasCert = Object.keys(socket.getPeerCertificate()).length > 0;
      if (clientAuth === 'RequireAnyClientCert' ? !hasCert : hasCert && !socket.authorized) {
        res.status(403).type('text/plain').send('Forbidden\n');
        return;
      }
    }
    if (config.users.size > 0 && !(await auth.allows(req.get('authorization'), config.users))) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Basic realm="vigil"')
        .type('text/plain')
        .send('Unauthorized\n');
      return;
    }
    next();
  };
}

export function createApp(options: AppOptions): express.Express {
  const { exporter, telemetryPath, maxRequests, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // Nothing here takes a request body: refuse one rather than read it.
  app.use((req, res, next) => {
    if (req.headers['transfer-encoding'] || Number(req.headers['content-length'] ?? 0) > 0) {
      res
        .status(413)
        .set('Connection', 'close')
        .type('text/plain')
        .send('request bodies are not accepted\n');
      return;
    }
    next();
  });
  if (options.webConfig) app.use(guard(options.webConfig));
  app.use(compression({ level: 1 }));

  let inFlight = 0;
  app.get(telemetryPath, async (req, res) => {
    if (maxRequests > 0 && inFlight >= maxRequests) {
      res
        .status(503)
        .type('text/plain')
        .send(`too many concurrent scrapes (limit ${maxRequests})\n`);
      return;
    }
    inFlight++;
    try {
      const only = listParam(req.query['collect[]']);
      const exclude = listParam(req.query['exclude[]']);
      if (only && exclude) {
        res.status(400).type('text/plain').send('collect[] and exclude[] cannot be combined\n');
        return;
      }
      const families = await exporter.scrape({
        only,
        exclude,
        timeoutSeconds: scraperTimeout(req),
      });
      const format = negotiate(req);
      res
        .status(200)
        .type(format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE)
        .send(serialize(families, format));
    } catch (err) {
      if (err instanceof UnknownCollectorError) {
        res.status(400).type('text/plain').send(`${err.message}\n`);
        return;
      }
      logger.error('scrape failed', { err });
      res.status(500).type('text/plain').send('scrape failed; see the exporter log\n');
    } finally {
      inFlight--;
    }
  });
  app.all(telemetryPath, (_req, res) => {
    res.status(405).set('Allow', 'GET, HEAD').type('text/plain').send('method not allowed\n');
  });

  app.get('/-/healthy', (_req, res) => {
    res.type('text/plain').send('Healthy\n');
  });
  app.get('/-/ready', (_req, res) => {
    if (options.isReady()) res.type('text/plain').send('Ready\n');
    else res.status(503).type('text/plain').send('Not ready\n');
  });

  app.get('/static/:file', (req, res) => {
    const path = ASSETS[req.params.file as string];
    if (!path) {
      res.status(404).type('text/plain').send('not found\n');
      return;
    }
    res.set('Cache-Control', 'public, max-age=3600').type('application/javascript').sendFile(path);
  });
  app.get('/live', (_req, res) => {
    if (options.live) options.live.open(res);
    else res.status(404).type('text/plain').send('not found\n');
  });

  app.get('/', (_req, res) => {
    setPageHeaders(res);
    res.type('html').send(
      renderLanding({
        version: buildInfo.version,
        revision: buildInfo.revision,
        telemetryPath,
        collectors: exporter.statuses,
      }),
    );
  });

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('not found\n');
  });
  return app;
}
