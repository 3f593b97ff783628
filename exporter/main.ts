#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=20 --single-threaded-gc
// The V8 flags keep the heap small under frequent scrapes (a small young generation, the old
// one grown in small steps) without --optimize-for-size, which costs a third more CPU per
// scrape, and collect garbage on the main thread rather than on helper threads
// (docs/benchmarks.md). `npm start`, the image and the systemd unit pass the same flags.
import { collectorFlagName, parseCli, UsageError } from './cli/flags.js';
import { COLLECTORS } from './collectors/index.js';
import { configSchema, type VigilConfig } from './config/schema.js';
import { ConfigError, validate } from './config/validate.js';
import { Exporter } from './core/exporter.js';
import { createLogger } from './core/logger.js';
import { enableLinearTimeRegexps } from './patterns/safety.js';
import { createApp } from './server/app.js';
import { LiveStream } from './server/live-stream.js';
import { listen } from './server/server.js';
import type { WebConfig } from './server/web-config.js';
import { buildInfo } from './version.js';

/** Exit codes: 0 after a clean shutdown, 1 on a runtime failure, 2 on bad flags or config. */
const EXIT_RUNTIME = 1;
const EXIT_USAGE = 2;

function fail(message: string, code: number): never {
  process.stderr.write(`vigil: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  // Before any configured pattern is compiled: see patterns/safety.ts.
  enableLinearTimeRegexps();
  let cli: ReturnType<typeof parseCli>;
  try {
    cli = parseCli(process.argv.slice(2), process.env, COLLECTORS);
  } catch (err) {
    if (err instanceof UsageError) fail(err.message, EXIT_USAGE);
    throw err;
  }
  if (cli.kind === 'help') {
    process.stdout.write(cli.text);
    return;
  }
  if (cli.kind === 'version') {
    process.stdout.write(
      `vigil ${buildInfo.version} (revision ${buildInfo.revision}, Node.js ${process.versions.node})\n`,
    );
    return;
  }
  const { settings } = cli;
  const logger = createLogger({ level: settings.logLevel, format: settings.logFormat });

  // TLS and basic auth code is loaded only with a web config file.
  let webConfig: WebConfig | null = null;
  try {
    if (settings.webConfigFile)
      webConfig = await (await import('./server/web-config.js')).loadWebConfig(
        settings.webConfigFile,
      );
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, EXIT_USAGE);
    throw err;
  }

  // Collector flags set keys of their collector's section, over the file's values.
  const overrides = COLLECTORS.flatMap((c) =>
    (c.flags ?? []).flatMap((f) => {
      const value = settings.collectorFlags[collectorFlagName(c.name, f)];
      return value === undefined || !c.section ? [] : [{ path: [...c.section, f.key], value }];
    }),
  );
  // The YAML parser is loaded only when there is a file to read.
  const loadConfig = async (): Promise<VigilConfig> =>
    settings.configFile
      ? (await import('./config/load.js')).loadConfigFile(settings.configFile, overrides)
      : validate({}, '(flags)', configSchema, overrides);
  let config: VigilConfig;
  try {
    config = await loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, EXIT_USAGE);
    throw err;
  }

  const exporter = new Exporter({
    collectors: settings.collectors,
    definitions: COLLECTORS,
    paths: settings.paths,
    config,
    logger,
    exporterMetrics: !settings.disableExporterMetrics,
  });
  let ready = false;
  let server: Awaited<ReturnType<typeof listen>>;
  const liveWebConfig =
    webConfig && settings.webConfigFile
      ? new (await import('./server/live-web-config.js')).LiveWebConfig(
          settings.webConfigFile,
          webConfig,
          logger,
          (context) =>
            (server.server as unknown as { setSecureContext(c: unknown): void }).setSecureContext(
              context,
            ),
        )
      : undefined;
  const live = new LiveStream(exporter, logger);
  const app = createApp({
    guard: liveWebConfig && (await import('./server/guard.js')).guard(liveWebConfig),
    live,
    exporter,
    telemetryPath: settings.telemetryPath,
    maxRequests: settings.maxRequests,
    logger,
    isReady: () => ready,
  });

  logger.info('starting vigil', {
    version: buildInfo.version,
    revision: buildInfo.revision,
    config: settings.configFile || '(defaults)',
  });
  for (const name of exporter.collectorNames) logger.info('enabled collector', { collector: name });
  try {
    server = await listen(app, settings.listen, logger, webConfig?.tls ?? null);
  } catch (err) {
    fail(
      `cannot listen on ${settings.listen.host ?? ''}:${settings.listen.port}: ${(err as Error).message}`,
      EXIT_RUNTIME,
    );
  }
  // Background work (log followers, API pollers, the anomaly sampler) starts once the port is
  // bound; a collector that cannot start reports it and leaves the others running.
  await exporter.start();
  ready = true;

  process.on('SIGHUP', () => {
    if (!settings.configFile) {
      logger.info('SIGHUP received; no config file to reload');
      return;
    }
    loadConfig().then(
      async (next) => {
        await exporter.applyConfig(next);
        logger.info('configuration reloaded', { file: settings.configFile });
      },
      (err: Error) => {
        exporter.reloadFailed();
        logger.error('configuration reload failed; keeping the running configuration', {
          file: settings.configFile,
          err: err.message,
        });
      },
    );
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    ready = false;
    logger.info('shutting down', { signal });
    live.close();
    server
      .close()
      .then(() => exporter.stop())
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  fail(`unexpected error: ${(err as Error)?.stack ?? String(err)}`, EXIT_RUNTIME);
});
