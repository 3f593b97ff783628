import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { pattern } from '../config/fields.js';
import { defineCollector } from '../core/collector.js';
import { FamilySet } from '../exposition/family.js';
import { parseSysfsUint } from '../parsers/sysfs-class.js';
import { parseSource, readText } from './source.js';

const NS = 0.000000001;

/** stats/<file> to node_exporter 1.5's families: name, help, type, scale. */
const STATS: ReadonlyArray<
  readonly [file: string, name: string, help: string, type: 'counter' | 'gauge', scale: number]
> = [
  [
    'in_flight',
    'node_tape_io_now',
    'The number of I/Os currently outstanding to this device.',
    'gauge',
    1,
  ],
  [
    'io_ns',
    'node_tape_io_time_seconds_total',
    'The amount of time spent waiting for all I/O to complete (including read and write). This includes tape movement commands such as seeking between file or set marks and implicit tape movement such as when rewind on close tape devices are used.',
    'counter',
    NS,
  ],
  [
    'other_cnt',
    'node_tape_io_others_total',
    'The number of I/Os issued to the tape drive other than read or write commands. The time taken to complete these commands uses the following calculation io_time_seconds_total-read_time_seconds_total-write_time_seconds_total',
    'counter',
    1,
  ],
  [
    'read_byte_cnt',
    'node_tape_read_bytes_total',
    'The number of bytes read from the tape drive.',
    'counter',
    1,
  ],
  [
    'read_cnt',
    'node_tape_reads_completed_total',
    'The number of read requests issued to the tape drive.',
    'counter',
    1,
  ],
  [
    'read_ns',
    'node_tape_read_time_seconds_total',
    'The amount of time spent waiting for read requests to complete.',
    'counter',
    NS,
  ],
  [
    'resid_cnt',
    'node_tape_residual_total',
    'The number of times during a read or write we found the residual amount to be non-zero. This should mean that a program is issuing a read larger thean the block size on tape. For write not all data made it to tape.',
    'counter',
    1,
  ],
  [
    'write_byte_cnt',
    'node_tape_written_bytes_total',
    'The number of bytes written to the tape drive.',
    'counter',
    1,
  ],
  [
    'write_cnt',
    'node_tape_writes_completed_total',
    'The number of write requests issued to the tape drive.',
    'counter',
    1,
  ],
  [
    'write_ns',
    'node_tape_write_time_seconds_total',
    'The amount of time spent waiting for write requests to complete.',
    'counter',
    NS,
  ],
];

/** The `collectors.tapestats:` section (node_exporter 1.5's default). */
export const tapestatsSection = z
  .strictObject({
    ignored_devices: pattern.default('^$'),
  })
  .prefault({});

export type TapestatsSettings = z.output<typeof tapestatsSection>;

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

export const tapestatsCollector = defineCollector<TapestatsSettings>({
  name: 'tapestats',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'SCSI tape drive I/O statistics (/sys/class/scsi_tape/st*/stats).',
  section: ['collectors', 'tapestats'],
  flags: [
    {
      name: 'ignored-devices',
      key: 'ignored_devices',
      type: 'pattern',
      default: '^$',
      help: 'Regexp of devices to ignore for tapestats (collectors.tapestats.ignored_devices).',
    },
  ],
  create: ({ paths, settings }) => ({
    async collect() {
      const classDir = join(paths.sysfs, 'class/scsi_tape');
      // Read every tape first: as in node_exporter, a missing class or stats directory means
      // no data at all, any other read error fails the collector.
      const tapes: Array<{ name: string; values: Map<string, number> }> = [];
      if (!existsSync(classDir)) return [];
      try {
        for (const name of readdirSync(classDir).sort()) {
          if (!/^st[0-9]+$/.test(name)) continue;
          const statsDir = join(classDir, name, 'stats');
          const values = new Map<string, number>();
          for (const file of readdirSync(statsDir).sort()) {
            const path = join(statsDir, file);
            let text: string;
            try {
              text = readText(path);
            } catch (err) {
              throw new Error(`${path}: ${(err as Error).message}`);
            }
            if (STATS.some(([f]) => f === file))
              values.set(file, parseSource(path, text, parseSysfsUint));
          }
          tapes.push({ name, values });
        }
      } catch (err) {
        if (isMissing(err)) return [];
        throw err;
      }
      const ignored = new RegExp(settings().ignored_devices);
      const set = new FamilySet();
      for (const { name: device, values } of tapes) {
        if (ignored.test(device)) continue;
        for (const [file, name, help, type, scale] of STATS) {
          const raw = values.get(file) ?? 0;
          set.get(name, help, type).add(scale === 1 ? raw : raw * scale, { device });
        }
      }
      return set.build();
    },
  }),
});
