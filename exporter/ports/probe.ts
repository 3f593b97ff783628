import { connect } from 'node:net';

export interface ProbeResult {
  readonly success: boolean;
  readonly durationSeconds: number;
  readonly error?: string;
}

/** Split "host:port" or "[v6]:port". */
export function splitTarget(target: string): { host: string; port: number } {
  const colon = target.lastIndexOf(':');
  return {
    host: target.slice(0, colon).replace(/^\[|\]$/g, ''),
    port: Number(target.slice(colon + 1)),
  };
}

/** Open a TCP connection to the target and close it at once. */
export function probeTcp(
  target: string,
  timeoutSeconds: number,
  signal: AbortSignal,
): Promise<ProbeResult> {
  const started = performance.now();
  const { host, port } = splitTarget(target);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (success: boolean, error?: string) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve({ success, durationSeconds: (performance.now() - started) / 1000, error });
    };
    const timer = setTimeout(
      () => done(false, `no connection within ${timeoutSeconds}s`),
      timeoutSeconds * 1000,
    );
    const onAbort = () => done(false, 'scrape deadline');
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done(true));
    socket.once('error', (err) => done(false, err.message));
  });
}
