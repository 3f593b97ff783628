import { join } from 'node:path';
import * as z from 'zod';
import { pattern } from '../config/fields.js';
import { defineCollector } from '../core/collector.js';
import { FamilySet, gauge } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { type DiskstatsField, parseDiskstats } from '../parsers/diskstats.js';
import { goFloat } from '../parsers/go-numbers.js';
import { parseUdevProperties } from '../parsers/udev.js';
import { deviceFilter, parseSource, readExtra, readOptional } from './source.js';

/** The kernel counts disk sectors in 512-byte units whatever the device's sector size. */
const SECTOR_BYTES = 512;

/** /proc/diskstats columns after the device name, as node_exporter 1.5 exposes them. */
const COLUMNS: ReadonlyArray<{
  field: DiskstatsField;
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  scale: number;
}> = [
  {
    field: 'readsCompleted',
    name: 'node_disk_reads_completed_total',
    help: 'The total number of reads completed successfully.',
    type: 'counter',
    scale: 1,
  },
  {
    field: 'readsMerged',
    name: 'node_disk_reads_merged_total',
    help: 'The total number of reads merged.',
    type: 'counter',
    scale: 1,
  },
  {
    field: 'sectorsRead',
    name: 'node_disk_read_bytes_total',
    help: 'The total number of bytes read successfully.',
    type: 'counter',
    scale: SECTOR_BYTES,
  },
  {
    field: 'readTimeMs',
    name: 'node_disk_read_time_seconds_total',
    help: 'The total number of seconds spent by all reads.',
    type: 'counter',
    scale: 0.001,
  },
  {
    field: 'writesCompleted',
    name: 'node_disk_writes_completed_total',
    help: 'The total number of writes completed successfully.',
    type: 'counter',
    scale: 1,
  },
  {
    field: 'writesMerged',
    name: 'node_disk_writes_merged_total',
    help: 'The number of writes merged.',
    type: 'counter',
    scale: 1,
  },
  {
    field: 'sectorsWritten',
    name: 'node_disk_written_bytes_total',
    help: 'The total number of bytes written successfully.',
    type: 'counter',
    scale: SECTOR_BYTES,
  },
  {
    field: 'writeTimeMs',
    name: 'node_disk_write_time_seconds_total',
    help: 'This is the total number of seconds spent by all writes.',
    type: 'counter',
    scale: 0.001,
  },
  {
    field: 'ioInProgress',
    name: 'node_disk_io_now',
    help: 'The number of I/Os currently in progress.',
    type: 'gauge',
    scale: 1,
  },
  {
    field: 'ioTimeMs',
    name: 'node_disk_io_time_seconds_total',
    help: 'Total seconds spent doing I/Os.',
    type: 'counter',
    scale: 0.001,
  },
  {
    field: 'ioWeightedTimeMs',
    name: 'node_disk_io_time_weighted_seconds_total',
    help: 'The weighted # of seconds spent doing I/Os.',
    type: 'counter',
    scale: 0.001,
  },
  {
    field: 'discardsCompleted',
    name: 'node_disk_discards_completed_total',
    help: 'The total number of discards completed successfully.',
    type: 'counter',
    scale: 1,
  },
  {
    field: 'discardsMerged',
    name: 'node_disk_discards_merged_total',
    help: 'The total number of discards merged.',
    type: 'counter',
    scale: 1,
  },
  {
    field: 'sectorsDiscarded',
    name: 'node_disk_discarded_sectors_total',
    help: 'The total number of sectors discarded successfully.',
    type: 'counter',
    scale: 1,
  },
  {
    field: 'discardTimeMs',
    name: 'node_disk_discard_time_seconds_total',
    help: 'This is the total number of seconds spent by all discards.',
    type: 'counter',
    scale: 0.001,
  },
  {
    field: 'flushesCompleted',
    name: 'node_disk_flush_requests_total',
    help: 'The total number of flush requests completed successfully',
    type: 'counter',
    scale: 1,
  },
  {
    field: 'flushTimeMs',
    name: 'node_disk_flush_requests_time_seconds_total',
    help: 'This is the total number of seconds spent by all flush requests.',
    type: 'counter',
    scale: 0.001,
  },
];

export const DEFAULT_DISK_DEVICE_EXCLUDE = '^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$';

/** The `collectors.diskstats:` section: which devices are reported (node_exporter 1.5's default). */
export const diskstatsSection = z
  .strictObject({
    device_exclude: pattern.default(DEFAULT_DISK_DEVICE_EXCLUDE),
    device_include: pattern.default(''),
  })
  .prefault({});

export type DiskstatsSettings = z.output<typeof diskstatsSection>;

export const diskstatsCollector = defineCollector<DiskstatsSettings>({
  name: 'diskstats',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Disk I/O statistics (/proc/diskstats), with device facts from the udev database.',
  section: ['collectors', 'diskstats'],
  flags: [
    {
      name: 'device-exclude',
      key: 'device_exclude',
      type: 'pattern',
      default: DEFAULT_DISK_DEVICE_EXCLUDE,
      help: 'Regexp of diskstats devices to exclude (collectors.diskstats.device_exclude).',
    },
    {
      name: 'device-include',
      key: 'device_include',
      type: 'pattern',
      default: '',
      help: 'Regexp of diskstats devices to include; all others are left out (collectors.diskstats.device_include).',
    },
  ],
  create: ({ paths, settings }) => ({
    async collect() {
      const path = join(paths.procfs, 'diskstats');
      const text = readOptional(path);
      if (text === null) return [];
      const { device_include, device_exclude } = settings();
      const keep = deviceFilter(device_include, device_exclude);
      const disks = parseSource(path, text, parseDiskstats).filter((d) => keep(d.device));

      const set = new FamilySet();
      const info = gauge('node_disk_info', 'Info of /sys/block/<block_device>.');
      const fsInfo = gauge('node_disk_filesystem_info', 'Info about disk filesystem.');
      const dmInfo = gauge('node_disk_device_mapper_info', 'Info about disk device mapper.');
      // node_exporter's ATA gauges, by the udev property each reads.
      const ata: Array<[string, ReturnType<typeof gauge>]> = [
        ['ID_ATA_WRITE_CACHE', gauge('node_disk_ata_write_cache', 'ATA disk has a write cache.')],
        [
          'ID_ATA_WRITE_CACHE_ENABLED',
          gauge('node_disk_ata_write_cache_enabled', 'ATA disk has its write cache enabled.'),
        ],
        [
          'ID_ATA_ROTATION_RATE_RPM',
          gauge('node_disk_ata_rotation_rate_rpm', 'ATA disk rotation rate in RPMs (0 for SSDs).'),
        ],
      ];

      const udevDir = paths.udevData ?? join(paths.rootfs, 'run/udev/data');
      const udev = disks.map((d) => readExtra(join(udevDir, `b${d.major}:${d.minor}`)));

      disks.forEach((disk, i) => {
        const { device } = disk;
        for (const col of COLUMNS) {
          const raw = disk.stats[col.field];
          if (raw !== undefined)
            set.get(col.name, col.help, col.type).add(raw * col.scale, { device });
        }
        const props = parseUdevProperties(udev[i] ?? '');
        const prop = (key: string) => props.get(key) ?? '';
        info.add(1, {
          device,
          major: disk.major,
          minor: disk.minor,
          path: prop('ID_PATH'),
          wwn: prop('ID_WWN'),
          model: prop('ID_MODEL'),
          serial: prop('ID_SERIAL_SHORT'),
          revision: prop('ID_REVISION'),
        });
        // As node_exporter: only what udev filled in.
        if (prop('ID_FS_TYPE') !== '') {
          fsInfo.add(1, {
            device,
            type: prop('ID_FS_TYPE'),
            usage: prop('ID_FS_USAGE'),
            uuid: prop('ID_FS_UUID'),
            version: prop('ID_FS_VERSION'),
          });
        }
        if (prop('DM_NAME') !== '') {
          dmInfo.add(1, {
            device,
            name: prop('DM_NAME'),
            uuid: prop('DM_UUID'),
            vg_name: prop('DM_VG_NAME'),
            lv_name: prop('DM_LV_NAME'),
            lv_layer: prop('DM_LV_LAYER'),
          });
        }
        if (prop('ID_ATA') !== '') {
          for (const [key, family] of ata) {
            const value = goFloat(prop(key));
            if (value !== null) family.add(value, { device });
          }
        }
      });
      const families: MetricFamily[] = set.build();
      for (const f of [info, fsInfo, dmInfo, ...ata.map(([, family]) => family)])
        if (f.size > 0) families.push(f.build());
      return families;
    },
  }),
});
