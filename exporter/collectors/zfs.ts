import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { FamilySet } from '../exposition/family.js';
import { parseKstat, parseZfsObjset, parseZpoolIo, parseZpoolState } from '../parsers/zfs-kstat.js';
import { parseSource, readOptional } from './source.js';

/** node_exporter 1.5's subsystems (node_<subsystem>_*) and the kstat file each reads. */
const KSTAT_FILES: ReadonlyArray<readonly [subsystem: string, file: string]> = [
  ['zfs_abd', 'abdstats'],
  ['zfs_arc', 'arcstats'],
  ['zfs_dbuf', 'dbuf_stats'],
  ['zfs_dmu_tx', 'dmu_tx'],
  ['zfs_dnode', 'dnodestats'],
  ['zfs_fm', 'fm'],
  ['zfs_vdev_cache', 'vdev_cache_stats'],
  ['zfs_vdev_mirror', 'vdev_mirror_stats'],
  ['zfs_xuio', 'xuio_stats'],
  ['zfs_zfetch', 'zfetchstats'],
  ['zfs_zil', 'zil'],
];

/** The pool states node_exporter 1.5 reports, one series each (1 for the pool's own). */
const POOL_STATES = ['online', 'degraded', 'faulted', 'offline', 'removed', 'unavail'];

/** A statistic's metric name part: after its last dot, dashes made underscores. */
function metricPart(name: string): string {
  return (name.split('.').at(-1) as string).replaceAll('-', '_');
}

/** Directory entries in byte order, as Go's filepath.Glob lists them; none when unreadable. */
function entries(dir: string): string[] {
  try {
    return readdirSync(dir).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  } catch {
    return [];
  }
}

export const zfsCollector = defineCollector({
  name: 'zfs',
  defaultEnabled: true,
  nodeExporter: true,
  description:
    'ZFS statistics: ARC, DMU, ZIL and other kstats, per-pool I/O, datasets and state (/proc/spl/kstat/zfs).',
  create: ({ paths }) => ({
    async collect() {
      const base = join(paths.procfs, 'spl/kstat/zfs');
      if (!existsSync(base)) return [];
      const set = new FamilySet();
      const seen = new Set<string>();
      // A series repeated in one file would be a duplicate; the first one wins.
      const once = (key: string): boolean => {
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      };

      for (const [subsystem, file] of KSTAT_FILES) {
        const path = join(base, file);
        const text = readOptional(path);
        if (text === null) continue;
        for (const { name, value } of parseSource(path, text, parseKstat)) {
          const metric = `node_${subsystem}_${metricPart(name)}`;
          if (!once(metric)) continue;
          set.get(metric, `kstat.zfs.misc.${file}.${name}`, 'untyped').add(value);
        }
      }

      const pools = entries(base);
      for (const pool of pools) {
        const path = join(base, pool, 'io');
        const text = readOptional(path);
        if (text === null) continue;
        for (const { name, value } of parseSource(path, text, parseZpoolIo)) {
          const metric = `node_zfs_zpool_${metricPart(name)}`;
          if (!once(`${metric}\0${pool}`)) continue;
          set.get(metric, `kstat.zfs.misc.io.${name}`, 'untyped').add(value, { zpool: pool });
        }
      }
      for (const pool of pools) {
        for (const file of entries(join(base, pool))) {
          if (!file.startsWith('objset-')) continue;
          const path = join(base, pool, file);
          const text = readOptional(path);
          if (text === null) continue;
          for (const { name, value, dataset } of parseSource(path, text, parseZfsObjset)) {
            const metric = `node_zfs_zpool_dataset_${metricPart(name)}`;
            const zpool = dataset === null ? '' : pool;
            if (!once(`${metric}\0${zpool}\0${dataset ?? ''}`)) continue;
            set
              .get(metric, `kstat.zfs.misc.objset.${name}`, 'untyped')
              .add(value, { zpool, dataset: dataset ?? '' });
          }
        }
      }
      for (const pool of pools) {
        const path = join(base, pool, 'state');
        const text = readOptional(path);
        if (text === null) continue;
        const state = parseZpoolState(text);
        const family = set.get('node_zfs_zpool_state', 'kstat.zfs.misc.state', 'gauge');
        for (const name of POOL_STATES)
          family.add(name === state ? 1 : 0, { zpool: pool, state: name });
      }
      return set.build();
    },
  }),
});
