import { join } from 'node:path';
import * as z from 'zod';
import { defineCollector } from '../core/collector.js';
import { FamilySet } from '../exposition/family.js';
import type { MetricType } from '../exposition/types.js';
import {
  parseBcacheValue,
  parsePriorityStats,
  parseWritebackRateDebug,
} from '../parsers/bcache.js';
import { listOptional, parseSource, readText } from './source.js';

/** The `collectors.bcache:` section (node_exporter 1.5's default). */
export const bcacheSection = z
  .strictObject({
    priority_stats: z.boolean().default(false),
  })
  .prefault({});

export type BcacheSettings = z.output<typeof bcacheSection>;

/** Read one value file; a missing file fails the collector, as in node_exporter. */
function value(dir: string, name: string): number {
  const path = join(dir, name);
  return parseSource(path, readText(path), parseBcacheValue);
}

/** Entries of a directory matching a pattern, sorted as Go's glob returns them. */
function entries(dir: string, pattern: RegExp): string[] {
  return (listOptional(dir) ?? []).filter((n) => pattern.test(n));
}

/** /sys/fs/bcache/<uuid> files: name, metric, help, type, scale. */
const SET_FILES: ReadonlyArray<[string, string, string, MetricType, number]> = [
  [
    'average_key_size',
    'average_key_size_sectors',
    'Average data per key in the btree (sectors).',
    'gauge',
    1,
  ],
  [
    'btree_cache_size',
    'btree_cache_size_bytes',
    'Amount of memory currently used by the btree cache.',
    'gauge',
    1,
  ],
  [
    'cache_available_percent',
    'cache_available_percent',
    'Percentage of cache device without dirty data, usable for writeback (may contain clean cached data).',
    'gauge',
    1,
  ],
  ['congested', 'congested', 'Congestion.', 'gauge', 1],
  [
    'root_usage_percent',
    'root_usage_percent',
    'Percentage of the root btree node in use (tree depth increases if too high).',
    'gauge',
    1,
  ],
  ['tree_depth', 'tree_depth', 'Depth of the btree.', 'gauge', 1],
  [
    'internal/active_journal_entries',
    'active_journal_entries',
    'Number of journal entries that are newer than the index.',
    'gauge',
    1,
  ],
  ['internal/btree_nodes', 'btree_nodes', 'Total nodes in the btree.', 'gauge', 1],
  // node_exporter 1.5 takes the microseconds file for nanoseconds.
  [
    'internal/btree_read_average_duration_us',
    'btree_read_average_duration_seconds',
    'Average btree read duration.',
    'gauge',
    1e-9,
  ],
  [
    'internal/cache_read_races',
    'cache_read_races_total',
    'Counts instances where while data was being read from the cache, the bucket was reused and invalidated - i.e. where the pointer was stale after the read completed.',
    'counter',
    1,
  ],
];

/** Files read (and required) but not exposed: the set's five-minute and total periods. */
const PERIOD_FILES = [
  'bypassed',
  'cache_bypass_hits',
  'cache_bypass_misses',
  'cache_hits',
  'cache_miss_collisions',
  'cache_misses',
  'cache_readaheads',
];

/** A backing device's stats_total files. */
const PERIOD_METRICS: ReadonlyArray<[string, string, string]> = [
  [
    'bypassed',
    'bypassed_bytes_total',
    'Amount of IO (both reads and writes) that has bypassed the cache.',
  ],
  ['cache_hits', 'cache_hits_total', 'Hits counted per individual IO as bcache sees them.'],
  ['cache_misses', 'cache_misses_total', 'Misses counted per individual IO as bcache sees them.'],
  ['cache_bypass_hits', 'cache_bypass_hits_total', 'Hits for IO intended to skip the cache.'],
  ['cache_bypass_misses', 'cache_bypass_misses_total', 'Misses for IO intended to skip the cache.'],
  [
    'cache_miss_collisions',
    'cache_miss_collisions_total',
    'Instances where data insertion from cache miss raced with write (data already present).',
  ],
  ['cache_readaheads', 'cache_readaheads_total', 'Count of times readahead occurred.'],
];

export const bcacheCollector = defineCollector<BcacheSettings>({
  name: 'bcache',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'bcache statistics per cache set, backing and cache device (/sys/fs/bcache).',
  section: ['collectors', 'bcache'],
  flags: [
    {
      name: 'priorityStats',
      key: 'priority_stats',
      type: 'boolean',
      default: false,
      help: 'Expose expensive priority stats (collectors.bcache.priority_stats).',
    },
  ],
  create: ({ paths, settings }) => ({
    async collect() {
      const base = join(paths.sysfs, 'fs/bcache');
      const sets = entries(base, /-/);
      const { priority_stats } = settings();
      const fam = new FamilySet();
      const add = (
        name: string,
        help: string,
        type: MetricType,
        v: number,
        labels: Record<string, string>,
      ) => fam.get(`node_bcache_${name}`, help, type).add(v, labels);

      for (const uuid of sets) {
        const dir = join(base, uuid);
        const setValues = SET_FILES.map(([file, , , , scale]) => value(dir, file) * scale);
        for (const period of ['stats_five_minute', 'stats_total'])
          for (const file of PERIOD_FILES) value(join(dir, period), file);

        const bdevs = entries(dir, /^bdev[0-9]/).map((name) => {
          const bdir = join(dir, name);
          const dirty = value(bdir, 'dirty_data');
          const wrdPath = join(bdir, 'writeback_rate_debug');
          const wrd = parseSource(wrdPath, readText(wrdPath), parseWritebackRateDebug);
          for (const file of PERIOD_FILES) value(join(bdir, 'stats_five_minute'), file);
          const total = new Map(PERIOD_FILES.map((f) => [f, value(join(bdir, 'stats_total'), f)]));
          return { name, dirty, wrd, total };
        });

        const caches = entries(dir, /^cache[0-9]/).map((name) => {
          const cdir = join(dir, name);
          const ioErrors = value(cdir, 'io_errors');
          const metadataWritten = value(cdir, 'metadata_written');
          const written = value(cdir, 'written');
          let priority = null;
          if (priority_stats) {
            const path = join(cdir, 'priority_stats');
            priority = parseSource(path, readText(path), parsePriorityStats);
          }
          return { name, ioErrors, metadataWritten, written, priority };
        });

        SET_FILES.forEach(([, name, help, type], i) => {
          add(name, help, type, setValues[i] ?? 0, { uuid });
        });
        for (const b of bdevs) {
          const labels = { uuid, backing_device: b.name };
          add(
            'dirty_data_bytes',
            'Amount of dirty data for this backing device in the cache.',
            'gauge',
            b.dirty,
            labels,
          );
          add(
            'dirty_target_bytes',
            'Current dirty data target threshold for this backing device in bytes.',
            'gauge',
            b.wrd.targetBytes,
            labels,
          );
          add(
            'writeback_rate',
            'Current writeback rate for this backing device in bytes.',
            'gauge',
            b.wrd.rate,
            labels,
          );
          add(
            'writeback_rate_proportional_term',
            'Current result of proportional controller, part of writeback rate',
            'gauge',
            b.wrd.proportional,
            labels,
          );
          add(
            'writeback_rate_integral_term',
            'Current result of integral controller, part of writeback rate',
            'gauge',
            b.wrd.integral,
            labels,
          );
          add(
            'writeback_change',
            'Last writeback rate change step for this backing device.',
            'gauge',
            b.wrd.change,
            labels,
          );
          for (const [file, name, help] of PERIOD_METRICS)
            add(name, help, 'counter', b.total.get(file) ?? 0, labels);
        }
        for (const c of caches) {
          const labels = { uuid, cache_device: c.name };
          add(
            'io_errors',
            'Number of errors that have occurred, decayed by io_error_halflife.',
            'gauge',
            c.ioErrors,
            labels,
          );
          add(
            'metadata_written_bytes_total',
            'Sum of all non data writes (btree writes and all other metadata).',
            'counter',
            c.metadataWritten,
            labels,
          );
          add(
            'written_bytes_total',
            'Sum of all data that has been written to the cache.',
            'counter',
            c.written,
            labels,
          );
          if (c.priority) {
            add(
              'priority_stats_unused_percent',
              "The percentage of the cache that doesn't contain any data.",
              'gauge',
              c.priority.unusedPercent,
              labels,
            );
            add(
              'priority_stats_metadata_percent',
              "Bcache's metadata overhead.",
              'gauge',
              c.priority.metadataPercent,
              labels,
            );
          }
        }
      }
      return fam.build();
    },
  }),
});
