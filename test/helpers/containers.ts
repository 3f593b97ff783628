import { freePort, waitForHttp } from './ports.js';

/**
 * Where a Docker (or compatible) engine runs, stack tests use the official images through
 * testcontainers; elsewhere they use the Debian binaries. Containers share the host's
 * network, so they reach vigil and the test's own servers on 127.0.0.1 and are reached there.
 */
export async function containerEngine(): Promise<boolean> {
  if (process.env.VIGIL_TEST_CONTAINERS === '0') return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/** Official images, pinned. */
export const IMAGES = {
  prometheus: 'prom/prometheus:v3.5.0',
  alertmanager: 'prom/alertmanager:v0.28.1',
} as const;

export interface RunningContainer {
  /** 127.0.0.1:port where the server listens. */
  address: string;
  stop(): Promise<void>;
}

/**
 * Start an official image with `files` copied into `dir` (or to their own path, when it is
 * absolute), on the host network, listening on
 * a free loopback port given to it by `args(port)`; resolves once `readyPath` answers.
 */
export async function startImage(
  image: string,
  dir: string,
  files: Record<string, string>,
  args: (port: number) => string[],
  readyPath: string,
): Promise<RunningContainer> {
  const { GenericContainer } = await import('testcontainers');
  const port = await freePort();
  const container = await new GenericContainer(image)
    .withNetworkMode('host')
    .withCopyContentToContainer(
      Object.entries(files).map(([name, content]) => ({
        content,
        target: name.startsWith('/') ? name : `${dir}/${name}`,
      })),
    )
    .withCommand(args(port))
    .start();
  await waitForHttp(`http://127.0.0.1:${port}${readyPath}`, 60_000);
  return {
    address: `127.0.0.1:${port}`,
    async stop() {
      await container.stop();
    },
  };
}
