import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type FetchFailure = 'timeout' | 'http_status' | 'too_large' | 'connection';

export class FetchError extends Error {
  constructor(
    readonly reason: FetchFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface GetOptions {
  readonly headers: Record<string, string>;
  readonly timeoutSeconds: number;
  readonly maxBodyBytes: number;
  readonly maxRedirects: number;
  readonly ca?: Buffer;
  readonly insecureSkipVerify: boolean;
  readonly signal: AbortSignal;
}

/**
 * GET a URL with a deadline, a body size limit and a bounded number of redirects. Redirects
 * are followed only to http(s) URLs and drop the Authorization header when they leave the
 * original host, so a credential is never sent where it was not configured for.
 */
export async function httpGet(url: string, options: GetOptions): Promise<Buffer> {
  const deadline = AbortSignal.any([
    options.signal,
    AbortSignal.timeout(options.timeoutSeconds * 1000),
  ]);
  const origin = new URL(url).host;
  let current = url;
  for (let hop = 0; ; hop++) {
    const target = new URL(current);
    const headers = { ...options.headers };
    if (target.host !== origin) delete headers.Authorization;
    const res = await send(target, headers, options, deadline);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= options.maxRedirects)
        throw new FetchError('http_status', `more than ${options.maxRedirects} redirects`);
      const next = new URL(res.headers.location, target);
      if (next.protocol !== 'http:' && next.protocol !== 'https:')
        throw new FetchError('http_status', `redirect to ${next.protocol} refused`);
      current = next.toString();
      continue;
    }
    if (status < 200 || status >= 300) {
      res.resume();
      throw new FetchError('http_status', `HTTP ${status}`);
    }
    return readBody(res, options.maxBodyBytes, deadline);
  }
}

function send(
  target: URL,
  headers: Record<string, string>,
  options: GetOptions,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(target, {
      method: 'GET',
      headers,
      signal,
      ca: options.ca,
      rejectUnauthorized: !options.insecureSkipVerify,
    });
    req.once('response', resolve);
    req.once('error', (err) => reject(classify(err, signal)));
    req.end();
  });
}

function readBody(res: IncomingMessage, max: number, signal: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      res.destroy();
      reject(
        new FetchError('too_large', `body of ${declared} bytes is over the ${max}-byte limit`),
      );
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        res.destroy();
        reject(new FetchError('too_large', `body is over the ${max}-byte limit`));
        return;
      }
      chunks.push(chunk);
    });
    res.once('end', () => resolve(Buffer.concat(chunks)));
    res.once('error', (err) => reject(classify(err, signal)));
    res.once('aborted', () => reject(classify(new Error('aborted'), signal)));
  });
}

function classify(err: Error, signal: AbortSignal): FetchError {
  if (err instanceof FetchError) return err;
  if (signal.aborted || err.name === 'AbortError')
    return new FetchError('timeout', 'no complete reply before the timeout');
  return new FetchError('connection', err.message);
}
