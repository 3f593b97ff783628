import type { VigilConfig } from '../config/schema.js';
import type { MetricFamily } from '../exposition/types.js';
import type { Logger } from '../log/logger.js';

/** Where the host's pseudo-filesystems are mounted; tests point these at fixture trees. */
export interface HostPaths {
  readonly procfs: string;
  readonly sysfs: string;
  readonly rootfs: string;
}

export interface CollectorContext {
  readonly paths: HostPaths;
  readonly logger: Logger;
  /** The configuration in force now: it changes on reload, so read it at each collection. */
  readonly config: () => VigilConfig;
  /**
   * The families of other enabled collectors, collected now (joining a collection already in
   * flight); for collectors that derive signals from others, such as anomaly.
   */
  readonly collectOthers?: (names: readonly string[]) => Promise<MetricFamily[]>;
}

export interface Collector {
  /**
   * Read the source and return complete families. Throw on failure: the scrape runner
   * reports the collector as failed and drops its partial output. The signal aborts at
   * the deadline, so long work can stop early.
   */
  collect(signal: AbortSignal): Promise<MetricFamily[]>;
  /** Release what the collector holds open (watchers, files) and save state; at shutdown. */
  close?(): Promise<void>;
}

export interface CollectorDefinition {
  readonly name: string;
  readonly defaultEnabled: boolean;
  /** One line for `--help` and the docs. */
  readonly description: string;
  create(ctx: CollectorContext): Collector;
}

const definitions = new Map<string, CollectorDefinition>();

/** Called once by each collector module, as node_exporter's `registerCollector`. */
export function registerCollector(definition: CollectorDefinition): void {
  if (definitions.has(definition.name)) {
    throw new Error(`collector "${definition.name}" is registered twice`);
  }
  definitions.set(definition.name, definition);
}

/** All registered collectors, sorted by name. */
export function collectorDefinitions(): CollectorDefinition[] {
  return [...definitions.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** True when the error means "this source does not exist here", which is not a failure. */
export function isAbsent(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EOPNOTSUPP';
}
