import type { VigilConfig } from '../config/schema.js';
import { gauge, single } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import type { Logger } from '../log/logger.js';
import { buildInfo } from '../version.js';
import { type CollectorDefinition, collectorDefinitions, type HostPaths } from './collector.js';
import { type CollectorOutcome, CollectorRunner, type CollectorStatus } from './runner.js';
import { SelfMetrics } from './self-metrics.js';

export interface ExporterOptions {
  readonly collectors: readonly string[];
  readonly paths: HostPaths;
  readonly config: VigilConfig;
  readonly logger: Logger;
  readonly exporterMetrics?: boolean;
  /** Defaults to the registered collectors; tests add their own. */
  readonly definitions?: readonly CollectorDefinition[];
}

export interface ScrapeOptions {
  /** Run only these collectors (`collect[]`); all enabled ones when absent. */
  readonly only?: ReadonlySet<string>;
  /** Leave these collectors out (`exclude[]`). */
  readonly exclude?: ReadonlySet<string>;
  /** Upper bound on each collector's deadline, from the scraper's own timeout. */
  readonly timeoutSeconds?: number;
}

/** Unknown collector names in a filter; the HTTP layer answers 400. */
export class UnknownCollectorError extends Error {}

/** The enabled collectors, the configuration in force, and one scrape's assembly. */
export class Exporter {
  private config: VigilConfig;
  private readonly runners: CollectorRunner[];
  private readonly self: SelfMetrics | null;
  private reload = { successful: 1, timestamp: Date.now() / 1000 };

  constructor(options: ExporterOptions) {
    this.config = options.config;
    const definitions = options.definitions ?? collectorDefinitions();
    const byName = new Map(definitions.map((d) => [d.name, d]));
    this.runners = options.collectors.map((name) => {
      const definition = byName.get(name);
      if (!definition) throw new UnknownCollectorError(`unknown collector "${name}"`);
      const logger = options.logger.child({ collector: name });
      const collector = definition.create({
        paths: options.paths,
        logger,
        config: () => this.config,
        collectOthers: async (names) => {
          const only = new Set(names.filter((n) => n !== name && this.collectorNames.includes(n)));
          return only.size > 0 ? this.scrape({ only }) : [];
        },
      });
      return new CollectorRunner(name, collector, options.logger);
    });
    this.self = options.exporterMetrics === false ? null : new SelfMetrics();
  }

  /** Stop background work of the collectors (log followers) and let them save state. */
  async close(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.close()));
  }

  get collectorNames(): string[] {
    return this.runners.map((r) => r.name);
  }

  get statuses(): CollectorStatus[] {
    return this.runners.map((r) => r.status);
  }

  /** Swap in a validated configuration; collectors read it from their next collection. */
  applyConfig(config: VigilConfig): void {
    this.config = config;
    this.reload = { successful: 1, timestamp: Date.now() / 1000 };
  }

  /** Record a reload that failed validation; the running configuration stays. */
  reloadFailed(): void {
    this.reload = { ...this.reload, successful: 0 };
  }

  private select(options: ScrapeOptions): CollectorRunner[] {
    for (const name of [...(options.only ?? []), ...(options.exclude ?? [])]) {
      if (!this.runners.some((r) => r.name === name)) {
        throw new UnknownCollectorError(`collector "${name}" is not enabled or does not exist`);
      }
    }
    return this.runners.filter(
      (r) => (!options.only || options.only.has(r.name)) && !options.exclude?.has(r.name),
    );
  }

  /** Run the selected collectors concurrently and return every family, sorted by name. */
  async scrape(options: ScrapeOptions = {}): Promise<MetricFamily[]> {
    const runners = this.select(options);
    const deadline = Math.min(
      this.config.scrape.timeout,
      options.timeoutSeconds ?? Number.POSITIVE_INFINITY,
    );
    const [outcomes, own] = await Promise.all([
      Promise.all(runners.map((r) => r.run(deadline))),
      Promise.resolve(this.self ? this.self.families() : []),
    ]);
    const families = [...this.collected(outcomes), ...own, ...this.exporterFamilies(outcomes)];
    return families.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private collected(outcomes: CollectorOutcome[]): MetricFamily[] {
    const seen = new Set<string>();
    const families: MetricFamily[] = [];
    for (const outcome of outcomes) {
      for (const family of outcome.families) {
        // Two collectors claiming one name would make an invalid exposition; keep the first.
        if (seen.has(family.name)) continue;
        seen.add(family.name);
        families.push(family);
      }
    }
    return families;
  }

  private exporterFamilies(outcomes: CollectorOutcome[]): MetricFamily[] {
    const success = gauge(
      'vigil_scrape_collector_success',
      'Whether a collector succeeded in this scrape (1) or failed or missed its deadline (0).',
    );
    const duration = gauge(
      'vigil_scrape_collector_duration_seconds',
      'How long a collector took in this scrape, in seconds.',
    );
    for (const o of outcomes) {
      success.add(o.success ? 1 : 0, { collector: o.name });
      duration.add(o.durationSeconds, { collector: o.name });
    }
    return [
      success.build(),
      duration.build(),
      gauge(
        'vigil_build_info',
        "A metric with a constant '1' value labeled by the version and revision of vigil and the Node.js version running it.",
      )
        .add(1, {
          version: buildInfo.version,
          revision: buildInfo.revision,
          nodejs_version: process.versions.node,
        })
        .build(),
      single(
        'vigil_config_last_reload_successful',
        'Whether the last configuration reload succeeded (1) or was refused (0).',
        'gauge',
        this.reload.successful,
      ),
      single(
        'vigil_config_last_reload_success_timestamp_seconds',
        'When the configuration in force was loaded, in unixtime.',
        'gauge',
        this.reload.timestamp,
      ),
    ].filter((f) => f.samples.length > 0);
  }
}
