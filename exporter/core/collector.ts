import type { MetricFamily } from '../exposition/types.js';
import type { Logger } from './logger.js';

/** Where the host's pseudo-filesystems are mounted; tests point these at fixture trees. */
export interface HostPaths {
  readonly procfs: string;
  readonly sysfs: string;
  readonly rootfs: string;
  /** udev's database (`--path.udev.data`); `<rootfs>/run/udev/data` when not given. */
  readonly udevData?: string;
}

/** What one collection of named collectors gave: families, and the names of those that failed. */
export interface Collected {
  readonly families: readonly MetricFamily[];
  readonly failed: readonly string[];
}

export interface CollectorContext<S = unknown> {
  readonly paths: HostPaths;
  readonly logger: Logger;
  /** The collector's own config section in force now; it changes on reload. */
  readonly settings: () => S;
  /**
   * Collect other collectors now (joining a collection already in flight), enabled or not,
   * for collectors that derive signals from others, such as anomaly. Touches nothing a
   * scrape resets.
   */
  readonly collect: (names: readonly string[]) => Promise<Collected>;
}

/**
 * A source of metric families. `collect` is all most collectors need; one that works in the
 * background (follows files, polls on an interval, samples) does that between `start` and
 * `stop`, and rebuilds on `reconfigure`. The exporter calls these; the collector keeps no
 * bookkeeping of its own about when.
 */
export interface Collector<S = unknown> {
  /**
   * Read the source and return complete families. Throw on failure: the runner reports the
   * collector as failed and drops its partial output. The signal aborts at the deadline, so
   * long work can stop early.
   */
  collect(signal: AbortSignal): Promise<MetricFamily[]>;
  /** Begin background work with the section in force at start. */
  start?(settings: S): Promise<void>;
  /** The collector's section changed on reload; without this method it is read at collection. */
  reconfigure?(settings: S): Promise<void>;
  /** End background work and save state; at shutdown. */
  stop?(): Promise<void>;
}

/**
 * A collector's own flag, `--collector.<collector>.<name>` as node_exporter spells it. It sets
 * one key of the collector's config section and wins over the config file's value.
 */
export interface CollectorFlag {
  readonly name: string;
  /**
   * The flag's collector part where node_exporter's spelling differs from the collector's
   * name (`--collector.powersupply.ignored-supplies` for powersupplyclass).
   */
  readonly prefix?: string;
  /** The key of the collector's section that the flag sets. */
  readonly key: string;
  /**
   * What the value is: a regular expression (compiled when flags are read), a string, a
   * boolean (`--no-collector.<collector>.<name>` turns it off), or a list (the flag repeated).
   */
  readonly type: 'pattern' | 'string' | 'boolean' | 'list';
  /** The section's default, for `--help`. */
  readonly default: string | boolean | readonly string[];
  readonly help: string;
}

export interface CollectorDefinition<S = unknown> {
  readonly name: string;
  readonly defaultEnabled: boolean;
  /** One line for `--help` and the docs. */
  readonly description: string;
  /**
   * A collector of node_exporter's, under its name: its success and duration are also exposed
   * as node_scrape_collector_*, which node_exporter's dashboards and alerts read.
   */
  readonly nodeExporter?: boolean;
  /**
   * Its family names come from outside (textfile): where one is also another collector's,
   * the other collector's family is kept and this one's dropped.
   */
  readonly yieldsNames?: boolean;
  /**
   * Where the collector's section sits in the config file, e.g. `['collectors', 'diskstats']`;
   * `config/schema.ts` composes the sections. Without one, the collector reads no config.
   */
  readonly section?: readonly string[];
  /** The collector's own flags; they need a section. */
  readonly flags?: readonly CollectorFlag[];
  create(ctx: CollectorContext<S>): Collector<S>;
}

/** Declare a collector (as node_exporter's `registerCollector`), typed by its config section. */
export function defineCollector<S = undefined>(
  definition: CollectorDefinition<S>,
): CollectorDefinition<S> {
  return definition;
}

/** True when the error means "this source does not exist here", which is not a failure. */
export function isAbsent(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EOPNOTSUPP';
}
