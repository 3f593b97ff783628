import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { createGzip, gzip as gzipText } from 'node:zlib';
import Negotiator from 'negotiator';

/** How a route answers; a thrown error or a rejection becomes a 500. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export const TEXT = 'text/plain; charset=utf-8';

/** Smaller bodies go as they are: gzip's framing and work outweigh what it saves. */
const GZIP_MIN_BYTES = 1024;
/** Level 1 keeps most of the saving on exposition text for a fraction of level 6's CPU. */
const GZIP_LEVEL = 1;

export function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers?: OutgoingHttpHeaders,
): void {
  send(res, status, TEXT, text, headers);
}

export function acceptsGzip(req: IncomingMessage): boolean {
  const header = req.headers['accept-encoding'];
  // Most requests either carry no gzip at all or a plain list (Prometheus: "gzip").
  if (!header?.includes('gzip')) return false;
  return new Negotiator(req).encoding(['gzip']) === 'gzip';
}

/** A response body as it goes on the wire. */
export interface Body {
  readonly data: string | Buffer;
  readonly gzipped: boolean;
}

/**
 * Gzip a body when `gzip` is asked for and the body is worth it. Compression runs on libuv's
 * thread pool, so the event loop serves other requests meanwhile.
 */
export function encodeBody(text: string, gzip: boolean): Promise<Body> {
  if (!gzip || text.length < GZIP_MIN_BYTES) return Promise.resolve({ data: text, gzipped: false });
  return new Promise((resolve, reject) => {
    gzipText(text, { level: GZIP_LEVEL }, (err, data) =>
      err ? reject(err) : resolve({ data, gzipped: true }),
    );
  });
}

export function sendBody(
  res: ServerResponse,
  type: string,
  body: Body,
  headers: OutgoingHttpHeaders = {},
): void {
  const vary = { ...headers, Vary: 'Accept-Encoding' };
  send(res, 200, type, body.data, body.gzipped ? { ...vary, 'Content-Encoding': 'gzip' } : vary);
}

/** Send a body, gzipped when the client accepts it. */
export async function sendCompressible(
  req: IncomingMessage,
  res: ServerResponse,
  type: string,
  text: string,
  headers: OutgoingHttpHeaders = {},
): Promise<void> {
  sendBody(res, type, await encodeBody(text, acceptsGzip(req)), headers);
}

/** Stream a file from disk, gzipped when accepted; nothing of it is kept in memory. */
export function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  type: string,
  headers: OutgoingHttpHeaders = {},
): void {
  const base = { ...headers, 'Content-Type': type, Vary: 'Accept-Encoding' };
  const file = createReadStream(path);
  const done = (err: Error | null) => {
    if (err) res.destroy(err);
  };
  if (acceptsGzip(req)) {
    res.writeHead(200, { ...base, 'Content-Encoding': 'gzip' });
    pipeline(file, createGzip({ level: GZIP_LEVEL }), res, done);
  } else {
    res.writeHead(200, { ...base, 'Content-Length': statSync(path).size });
    pipeline(file, res, done);
  }
}

/** The media type out of `offers` that the Accept header prefers; the first one without it. */
export function preferredType(req: IncomingMessage, offers: string[]): string | undefined {
  return new Negotiator(req).mediaType(offers);
}

/**
 * A request that carries a body. Nothing here takes one: it is refused unread, and the
 * connection closed so that the unread bytes are not taken for the next request.
 */
export function hasBody(req: IncomingMessage): boolean {
  return (
    Boolean(req.headers['transfer-encoding']) || Number(req.headers['content-length'] ?? 0) > 0
  );
}
