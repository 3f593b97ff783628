import { defineCollector } from '../core/collector.js';
import type { Logger } from '../core/logger.js';
import { mergeFamilies } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import type { FileSourceConfig, LogsSettings } from '../logs/config.js';
import type { JournalSourceConfig } from '../logs/journal-source.js';
import { PositionStore } from '../logs/positions.js';

/** A log source of either kind, files or the journal. */
interface FollowedSource {
  start(): Promise<void>;
  stop(): Promise<void>;
  savePositions(): void;
  families(): MetricFamily[];
}

/** How often read positions are written to logs.positions_file. */
const SAVE_MS = 1_000;

/** The sources of one logs configuration, followed until the configuration changes. */
class LogFollower {
  sources: FollowedSource[] = [];
  private readonly positions: PositionStore;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly settings: LogsSettings,
    private readonly logger: Logger,
  ) {
    this.positions = new PositionStore(settings.positions_file);
  }

  async start(): Promise<void> {
    // Loaded here: a host without log sources never loads the file watcher, nor one without
    // journal sources the journal reader.
    const { max_line_bytes: max } = this.settings;
    this.sources = await Promise.all(
      this.settings.sources.map(async (s): Promise<FollowedSource> => {
        if (s.journal) {
          const { JournalSource } = await import('../logs/journal-source.js');
          return new JournalSource(s as JournalSourceConfig, max, this.positions, this.logger);
        }
        const { LogSource } = await import('../logs/log-source.js');
        return new LogSource(s as FileSourceConfig, max, this.positions, this.logger);
      }),
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

export const logsCollector = defineCollector<LogsSettings>({
  name: 'logs',
  defaultEnabled: true,
  description:
    'Counters, sums and histograms from regular-expression matches on followed log files and the systemd journal.',
  section: ['logs'],
  create: ({ logger }) => {
    let follower: LogFollower | null = null;
    let starting: Promise<void> = Promise.resolve();

    /** Follow the sources of a logs section, after the previous follower has stopped. */
    const follow = (settings: LogsSettings) => {
      const previous = follower;
      const current = settings.sources.length > 0 ? new LogFollower(settings, logger) : null;
      follower = current;
      starting = starting
        .catch(() => {})
        .then(async () => {
          await previous?.stop();
          await current?.start();
        });
      // Not awaited by collections: a backlog may take seconds, and scrapes report what is counted.
      return starting;
    };

    return {
      start: follow,
      reconfigure: follow,
      async collect() {
        return follower ? mergeFamilies(follower.sources.flatMap((s) => s.families())) : [];
      },
      async stop() {
        await starting.catch(() => {});
        await follower?.stop();
      },
    };
  },
});
