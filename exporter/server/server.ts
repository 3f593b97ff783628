import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/logger.js';
import type { WebConfig } from './web-config.js';

export interface ListenAddress {
  /** Undefined means every interface. */
  readonly host: string | undefined;
  readonly port: number;
}

/** Slow clients may not hold a connection open indefinitely (slowloris). */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
/** How often those timeouts are enforced (Node's default is every 30 seconds). */
const CHECK_INTERVAL_MS = 1_000;
/** How long shutdown waits for in-flight scrapes before cutting connections. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  readonly server: Server;
  readonly address: AddressInfo;
  /** Stop accepting, let in-flight requests finish (up to a grace period), then close. */
  close(): Promise<void>;
}

/**
 * Listen over HTTP, or over HTTPS with `tls`. A client certificate is asked for unless
 * client_auth_type is NoClientCert; the handshake itself refuses an unverified one under
 * RequireAndVerifyClientCert, and the app checks the other types per request.
 */
export async function listen(
  handler: Parameters<typeof createServer>[1],
  address: ListenAddress,
  logger: Logger,
  tls: WebConfig['tls'] = null,
): Promise<RunningServer> {
  // node:https (and TLS with it) is loaded only when TLS is configured.
  const server: Server = tls
    ? (await import('node:https')).createServer(
        {
          ...tls.context,
          requestCert: tls.clientAuth !== 'NoClientCert',
          rejectUnauthorized: tls.clientAuth === 'RequireAndVerifyClientCert',
          connectionsCheckingInterval: CHECK_INTERVAL_MS,
        },
        handler,
      )
    : createServer({ connectionsCheckingInterval: CHECK_INTERVAL_MS }, handler);
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address.host, port: address.port }, () => {
      server.off('error', reject);
      const bound = server.address() as AddressInfo;
      logger.info('listening', {
        address: `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`,
        tls: tls ? 'on' : 'off',
      });
      resolve({
        server,
        address: bound,
        close: () =>
          new Promise<void>((done) => {
            const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
