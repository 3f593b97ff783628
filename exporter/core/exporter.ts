import type { MetricFamily } from '../exposition/types.js';
import type { Collected, CollectorDefinition, HostPaths } from './collector.js';
import { exporterFamilies, type ReloadState } from './exporter-metrics.js';
import type { Logger } from './logger.js';
import { type CollectorOutcome, CollectorRunner, type CollectorStatus, runAll } from './runner.js';
import { SelfMetrics } from './self-metrics.js';

/** What the exporter itself reads of the configuration; the rest belongs to collectors. */
export interface ExporterConfig {
  readonly scrape: { readonly timeout: number };
}

export interface ExporterOptions<C extends ExporterConfig> {
  /** Names of the collectors to run. */
  readonly collectors: readonly string[];
  /** Every collector that may be named (collectors/index.ts); tests add their own. */
  readonly definitions: readonly CollectorDefinition[];
  readonly paths: HostPaths;
  readonly config: C;
  readonly logger: Logger;
  readonly exporterMetrics?: boolean;
}

export interface CollectOptions {
  /** Run only these collectors (`collect[]`); all enabled ones when absent. */
  readonly only?: ReadonlySet<string>;
  /** Leave these collectors out (`exclude[]`). */
  readonly exclude?: ReadonlySet<string>;
  /** Upper bound on each collector's deadline, from the scraper's own timeout. */
  readonly timeoutSeconds?: number;
}

/** Unknown collector names in a filter; the HTTP layer answers 400. */
export class UnknownCollectorError extends Error {}

interface Entry {
  readonly runner: CollectorRunner;
  readonly definition: CollectorDefinition;
  /** The section's content when last handed to the collector, to tell a real change. */
  content: string;
}

function compareNames(a: MetricFamily, b: MetricFamily): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The value at a collector's declared path in the config; undefined for none. */
function sectionOf(config: object, path: readonly string[] | undefined): unknown {
  if (!path) return undefined;
  let node: unknown = config;
  for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

/**
 * The enabled collectors and the configuration in force. `collect` is the one way to run
 * collectors (the live view and the anomaly collector use it too); `scrape` is `/metrics`:
 * a collection plus the exporter's own metrics, and the only call that resets what a scrape
 * resets. The exporter also drives each collector's lifecycle: start, reconfigure on a
 * reload that changed its section, stop.
 */
export class Exporter<C extends ExporterConfig = ExporterConfig> {
  private config: C;
  private readonly definitions: ReadonlyMap<string, CollectorDefinition>;
  private readonly entries: Entry[];
  private readonly unexposed = new Map<string, Entry>();
  private started = false;
  private readonly nodeExporterNames: ReadonlySet<string>;
  private readonly yieldingNames: ReadonlySet<string>;
  private readonly self: SelfMetrics | null;
  private readonly scrapesInFlight = new Map<string, Promise<readonly MetricFamily[]>>();
  private reload: ReloadState = { successful: 1, timestamp: Date.now() / 1000 };

  constructor(private readonly options: ExporterOptions<C>) {
    this.config = options.config;
    this.definitions = new Map(options.definitions.map((d) => [d.name, d]));
    this.entries = options.collectors.map((name) => {
      const definition = this.definitions.get(name);
      if (!definition) throw new UnknownCollectorError(`unknown collector "${name}"`);
      return this.entry(definition);
    });
    this.self = options.exporterMetrics === false ? null : new SelfMetrics();
    this.nodeExporterNames = new Set(
      this.entries.filter((e) => e.definition.nodeExporter).map((e) => e.runner.name),
    );
    this.yieldingNames = new Set(
      options.definitions.filter((d) => d.yieldsNames).map((d) => d.name),
    );
  }

  private entry(definition: CollectorDefinition): Entry {
    const { name, section } = definition;
    const collector = definition.create({
      paths: this.options.paths,
      logger: this.options.logger.child({ collector: name }),
      settings: () => sectionOf(this.config, section),
      collect: (names) => this.collectFor(name, names),
    });
    return {
      runner: new CollectorRunner(name, collector, this.options.logger),
      definition,
      content: JSON.stringify(sectionOf(this.config, section)),
    };
  }

  /**
   * Collect for another collector: the anomaly signals read CPU, memory and disks whether or
   * not those collectors are exposed, so one that is not enabled runs unexposed, created on
   * first use and then started, reconfigured and stopped with the rest.
   */
  private async collectFor(asking: string, names: readonly string[]): Promise<Collected> {
    const runners: CollectorRunner[] = [];
    for (const name of new Set(names)) {
      if (name === asking) continue;
      let entry = this.entries.find((e) => e.runner.name === name) ?? this.unexposed.get(name);
      const definition = this.definitions.get(name);
      if (!entry && definition) {
        entry = this.entry(definition);
        this.unexposed.set(name, entry);
        if (this.started) await entry.runner.lifecycle('start', this.sectionFor(entry));
      }
      if (entry) runners.push(entry.runner);
    }
    return collected(await runAll(runners, this.config.scrape.timeout), this.yieldingNames);
  }

  private sectionFor(entry: Entry): unknown {
    return sectionOf(this.config, entry.definition.section);
  }

  private all(): Entry[] {
    return [...this.entries, ...this.unexposed.values()];
  }

  get collectorNames(): string[] {
    return this.entries.map((e) => e.runner.name);
  }

  get statuses(): CollectorStatus[] {
    return this.entries.map((e) => e.runner.status);
  }

  /** Start the collectors' background work (log followers, API pollers, samplers). */
  async start(): Promise<void> {
    this.started = true;
    await Promise.all(this.all().map((e) => e.runner.lifecycle('start', this.sectionFor(e))));
  }

  /** Stop background work and let collectors save state. */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all(this.all().map((e) => e.runner.lifecycle('stop')));
  }

  /**
   * Swap in a validated configuration. Collectors whose section changed are reconfigured;
   * the others keep their state and read the new configuration at their next collection.
   */
  async applyConfig(config: C): Promise<void> {
    this.config = config;
    this.reload = { successful: 1, timestamp: Date.now() / 1000 };
    await Promise.all(
      this.all().map((e) => {
        const section = this.sectionFor(e);
        const content = JSON.stringify(section);
        if (content === e.content) return undefined;
        e.content = content;
        return e.runner.lifecycle('reconfigure', section);
      }),
    );
  }

  /** Record a reload that failed validation; the running configuration stays. */
  reloadFailed(): void {
    this.reload = { ...this.reload, successful: 0 };
  }

  private select(options: CollectOptions): CollectorRunner[] {
    for (const name of [...(options.only ?? []), ...(options.exclude ?? [])]) {
      if (!this.collectorNames.includes(name)) {
        throw new UnknownCollectorError(`collector "${name}" is not enabled or does not exist`);
      }
    }
    return this.entries
      .map((e) => e.runner)
      .filter((r) => (!options.only || options.only.has(r.name)) && !options.exclude?.has(r.name));
  }

  private async outcomes(options: CollectOptions): Promise<CollectorOutcome[]> {
    const runners = this.select(options);
    const deadline = Math.min(
      this.config.scrape.timeout,
      options.timeoutSeconds ?? Number.POSITIVE_INFINITY,
    );
    return runAll(runners, deadline);
  }

  /** Run the selected collectors concurrently; their families, and which of them failed. */
  async collect(options: CollectOptions = {}): Promise<Collected> {
    return collected(await this.outcomes(options), this.yieldingNames);
  }

  /**
   * One `/metrics` scrape: the collection, the exporter's own metrics, sorted by name.
   * Scrapes that ask for the same thing while one is in flight share its result (the same
   * array): Prometheus servers in a pair, or a burst of scrapers, cost one collection, and a
   * backlog of them cannot pile up collections one behind the other.
   */
  scrape(options: CollectOptions = {}): Promise<readonly MetricFamily[]> {
    const key = scrapeKey(options);
    let pending = this.scrapesInFlight.get(key);
    if (!pending) {
      pending = this.scrapeNow(options).finally(() => this.scrapesInFlight.delete(key));
      this.scrapesInFlight.set(key, pending);
    }
    return pending;
  }

  private async scrapeNow(options: CollectOptions): Promise<MetricFamily[]> {
    const outcomes = await this.outcomes(options);
    const own = this.self ? this.self.families() : [];
    return [
      ...collected(outcomes, this.yieldingNames).families,
      ...own,
      ...exporterFamilies(outcomes, this.reload, this.nodeExporterNames),
    ].sort(compareNames);
  }
}

/** What makes two scrapes the same: their filters and their deadline. */
function scrapeKey(options: CollectOptions): string {
  const names = (set: ReadonlySet<string> | undefined) => (set ? [...set].sort().join(',') : '*');
  return `${names(options.only)}|${names(options.exclude)}|${options.timeoutSeconds ?? ''}`;
}

function collected(
  outcomes: readonly CollectorOutcome[],
  yielding: ReadonlySet<string>,
): Collected {
  const seen = new Set<string>();
  const families: MetricFamily[] = [];
  const ordered = [
    ...outcomes.filter((o) => !yielding.has(o.name)),
    ...outcomes.filter((o) => yielding.has(o.name)),
  ];
  for (const outcome of ordered) {
    for (const family of outcome.families) {
      // Two collectors claiming one name would make an invalid exposition; keep the first.
      if (seen.has(family.name)) continue;
      seen.add(family.name);
      families.push(family);
    }
  }
  return {
    families: families.sort(compareNames),
    failed: outcomes.filter((o) => !o.success).map((o) => o.name),
  };
}
