import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { type Collector, defineCollector } from '../core/collector.js';
import type { Logger } from '../core/logger.js';
import { gauge, single } from '../exposition/family.js';
import type { TextFamily } from '../parsers/exposition-text.js';
import { gather, MTIME, type Problem, SCRAPE_ERROR } from '../textfile/gather.js';
import { compareBytes, goGlob } from '../textfile/go-glob.js';
import { readTextfile } from '../textfile/read.js';

/** The `collectors.textfile:` section. */
export const textfileSection = z
  .strictObject({
    /** A directory or a Go glob pattern of directories; empty reads none (node_exporter's default). */
    directory: z.string().default(''),
  })
  .prefault({});

export type TextfileSettings = z.output<typeof textfileSection>;

/** Logs each problem once when it appears or changes, and once more when it is gone. */
class ProblemLog {
  private logged = new Map<string, string>();

  constructor(private readonly logger: Logger) {}

  update(problems: ReadonlyMap<string, Problem>): void {
    const next = new Map<string, string>();
    for (const [key, problem] of problems) {
      const text = JSON.stringify(problem);
      next.set(key, text);
      if (this.logged.get(key) !== text) this.logger.error(problem.msg, problem.fields);
    }
    for (const [key, text] of this.logged) {
      if (!next.has(key)) {
        const { fields } = JSON.parse(text) as Problem;
        this.logger.info('textfile problem resolved', fields);
      }
    }
    this.logged = next;
  }
}

function textfile(logger: Logger, settings: () => TextfileSettings): Collector<TextfileSettings> {
  const log = new ProblemLog(logger);
  return {
    async collect(signal) {
      const { directory } = settings();
      const problems = new Map<string, Problem>();
      let errored = false;
      const files: Array<{ path: string; families: TextFamily[] }> = [];
      const mtimes = new Map<string, number>();

      let dirs: string[] = [];
      if (directory !== '') {
        try {
          dirs = await goGlob(directory);
        } catch {
          // A malformed pattern is taken as a plain path, as node_exporter does.
        }
        if (dirs.length === 0) dirs = [directory];
      }
      for (const dir of dirs) {
        let names: string[] = [];
        try {
          names = (await readdir(dir)).sort(compareBytes);
        } catch (err) {
          errored = true;
          problems.set(`dir\u0000${dir}`, {
            msg: 'failed to read textfile collector directory',
            fields: { path: dir, err: (err as Error).message },
          });
        }
        for (const name of names) {
          if (!name.endsWith('.prom')) continue;
          if (signal.aborted) throw new Error('textfile collection aborted at the deadline');
          const path = join(dir, name);
          try {
            const read = await readTextfile(path);
            files.push({ path, families: read.families });
            mtimes.set(path, read.mtimeSeconds);
          } catch (err) {
            errored = true;
            problems.set(`file\u0000${path}`, {
              msg: 'failed to collect textfile data',
              fields: { file: name, err: (err as Error).message },
            });
          }
        }
      }

      const families = gather(files, problems);
      log.update(problems);
      if (mtimes.size > 0) {
        const mtime = gauge(MTIME, 'Unixtime mtime of textfiles successfully read.');
        for (const path of [...mtimes.keys()].sort(compareBytes))
          mtime.add(mtimes.get(path) as number, { file: path });
        families.push(mtime.build());
      }
      families.push(
        single(
          SCRAPE_ERROR,
          '1 if there was an error opening or reading a file, 0 otherwise',
          'gauge',
          errored ? 1 : 0,
        ),
      );
      return families;
    },
  };
}

export const textfileCollector = defineCollector<TextfileSettings>({
  name: 'textfile',
  defaultEnabled: true,
  nodeExporter: true,
  yieldsNames: true,
  description:
    'Metrics from *.prom files in the Prometheus text format (--collector.textfile.directory).',
  section: ['collectors', 'textfile'],
  flags: [
    {
      name: 'directory',
      key: 'directory',
      type: 'string',
      default: '',
      help: 'Directory to read text files with metrics from; a glob pattern reads several (collectors.textfile.directory).',
    },
  ],
  create: ({ logger, settings }) => textfile(logger, settings),
});
