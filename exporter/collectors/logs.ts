import type { VigilConfig } from '../config/schema.js';
import { registerCollector } from '../core/collector.js';
import { sectionTracker } from '../core/config-section.js';
import { mergeFamilies } from '../exposition/family.js';
import type { Logger } from '../log/logger.js';
import type { LogSource } from '../logs/log-source.js';
import { PositionStore } from '../logs/positions.js';

/** How often read positions are written to logs.positions_file. */
const SAVE_MS = 1_000;

/** The sources of one logs configuration, followed until the configuration changes. */
class LogFollower {
  sources: LogSource[] = [];
  private readonly positions: PositionStore;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly settings: VigilConfig['logs'],
    private readonly logger: Logger,
  ) {
    this.positions = new PositionStore(settings.positions_file);
  }

  async start(): Promise<void> {
    // Loaded here: a host without log sources never loads the file watcher.
    const { LogSource } = await import('../logs/log-source.js');
    this.sources = this.settings.sources.map(
      (s) => new LogSource(s, this.settings.max_line_bytes, this.positions, this.logger),
    );
    this.positions.load();
    await Promise.all(this.sources.map((s) => s.start()));
    this.timer = setInterval(() => this.save(), SAVE_MS);
    this.timer.unref();
  }

  save(): void {
    for (const s of this.sources) s.savePositions();
    const previous = this.positions.lastError;
    const error = this.positions.save();
    if (error && error !== previous) {
      this.logger.error('cannot save log positions; lines may be counted again after a restart', {
        file: this.settings.positions_file,
        err: error,
      });
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.sources.map((s) => s.stop()));
    this.save();
  }
}

registerCollector({
  name: 'logs',
  defaultEnabled: true,
  description:
    'Counters, sums and histograms from regular-expression matches on followed log files.',
  create: ({ config, logger }) => {
    let follower: LogFollower | null = null;
    let starting: Promise<void> | null = null;
    const changed = sectionTracker(() => config().logs);

    /** (Re)start following when the logs section of the configuration changes. */
    const ensure = async () => {
      const settings = changed();
      if (!settings) return starting ?? undefined;
      const previous = follower;
      follower = settings.sources.length > 0 ? new LogFollower(settings, logger) : null;
      const current = follower;
      starting = (async () => {
        await previous?.stop();
        await current?.start();
      })();
      return starting;
    };
    ensure().catch((err: Error) => logger.error('cannot start following logs', { err }));

    return {
      async collect() {
        // Never wait for a start in progress (a backlog may take seconds): report what is counted.
        ensure().catch((err: Error) => logger.error('cannot start following logs', { err }));
        return follower ? mergeFamilies(follower.sources.flatMap((s) => s.families())) : [];
      },
      async close() {
        await starting?.catch(() => {});
        await follower?.stop();
      },
    };
  },
});
