import type { AddressInfo } from 'node:net';
import { COLLECTORS } from '../../exporter/collectors/index.js';
import { defaultConfig, type VigilConfig } from '../../exporter/config/schema.js';
import type { CollectorDefinition, HostPaths } from '../../exporter/core/collector.js';
import { Exporter } from '../../exporter/core/exporter.js';
import { silentLogger } from '../../exporter/core/logger.js';
import { createApp } from '../../exporter/server/app.js';
import { LiveStream } from '../../exporter/server/live-stream.js';
import { listen } from '../../exporter/server/server.js';

export const FIXTURE_PATHS: HostPaths = {
  procfs: new URL('../fixtures/host/proc', import.meta.url).pathname,
  sysfs: new URL('../fixtures/host/sys', import.meta.url).pathname,
  rootfs: new URL('../fixtures/host/root', import.meta.url).pathname,
};

export const HOST_PATHS: HostPaths = { procfs: '/proc', sysfs: '/sys', rootfs: '/' };

export { HOST_COLLECTORS } from './collectors.js';

import { HOST_COLLECTORS } from './collectors.js';

export interface TestServer {
  url: string;
  exporter: Exporter;
  close(): Promise<void>;
}

/** The real exporter and HTTP server, in-process, on a free loopback port. */
export async function startTestServer(
  options: {
    collectors?: string[];
    paths?: HostPaths;
    config?: VigilConfig;
    definitions?: CollectorDefinition[];
    maxRequests?: number;
    exporterMetrics?: boolean;
    /** Serve the live view's stream at /live. */
    live?: boolean;
  } = {},
): Promise<TestServer> {
  const exporter = new Exporter({
    collectors: options.collectors ?? HOST_COLLECTORS,
    paths: options.paths ?? HOST_PATHS,
    config: options.config ?? defaultConfig(),
    logger: silentLogger,
    exporterMetrics: options.exporterMetrics,
    definitions: options.definitions ?? COLLECTORS,
  });
  await exporter.start();
  const live = options.live ? new LiveStream(exporter, silentLogger) : undefined;
  const app = createApp({
    exporter,
    live,
    telemetryPath: '/metrics',
    maxRequests: options.maxRequests ?? 40,
    logger: silentLogger,
    isReady: () => true,
  });
  const server = await listen(app, { host: '127.0.0.1', port: 0 }, silentLogger);
  const { port } = server.address as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exporter,
    close: async () => {
      live?.close();
      await server.close();
      await exporter.stop();
    },
  };
}
