import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { defineCollector, isAbsent } from '../core/collector.js';
import { FamilySet } from '../exposition/family.js';
import { btrfsLayoutRatio, parseBtrfsValue } from '../parsers/btrfs.js';
import { readText } from './source.js';

/**
 * Reads one /sys/fs/btrfs/<uuid> directory with procfs's error rules: a missing file reads as
 * empty (0), any other read error is kept (and later values of this reader read as 0), and
 * each allocation group has a reader of its own whose error replaces the filesystem's.
 */
class Reader {
  err: unknown = null;
  constructor(
    readonly dir: string,
    readonly devices = 0,
  ) {}

  text(name: string): string {
    try {
      return readText(join(this.dir, name)).trim();
    } catch (err) {
      if (!isAbsent(err)) this.err = err;
      return '';
    }
  }

  value(name: string): number {
    const text = this.text(name);
    return this.err === null ? parseBtrfsValue(text) : 0;
  }

  list(name: string, dirsOnly = false): string[] {
    try {
      return readdirSync(join(this.dir, name), { withFileTypes: true })
        .filter((d) => !dirsOnly || d.isDirectory())
        .map((d) => d.name)
        .sort();
    } catch (err) {
      this.err = err;
      return [];
    }
  }
}

interface BtrfsAllocation {
  reserved: number;
  layouts: Array<{ mode: string; used: number; total: number; ratio: number }>;
}

interface BtrfsFs {
  uuid: string;
  label: string;
  globalRsvSize: number;
  devices: Array<{ name: string; size: number }>;
  allocation: Array<[type: string, BtrfsAllocation]>;
}

/** The Linux sector, which the devices/<dev>/size files count in whatever the block size. */
const SECTOR_BYTES = 512;

function readAllocation(parent: Reader, sub: string): BtrfsAllocation {
  const r = new Reader(join(parent.dir, sub), parent.devices);
  const reserved = r.value('bytes_reserved');
  const layouts = r.list('.', true).map((mode) => ({
    mode,
    total: r.value(join(mode, 'total_bytes')),
    used: r.value(join(mode, 'used_bytes')),
    ratio: btrfsLayoutRatio(mode, r.devices),
  }));
  parent.err = r.err;
  return { reserved, layouts };
}

function readFilesystem(dir: string): BtrfsFs {
  const probe = new Reader(dir);
  const names = probe.list('devices');
  const devices = names.map((name) => ({
    name,
    size: SECTOR_BYTES * probe.value(join('devices', name, 'size')),
  }));
  const r = new Reader(dir, devices.length);
  r.err = probe.err;
  const label = r.text('label');
  const uuid = r.text('metadata_uuid');
  r.list('features');
  const globalRsvSize = r.value('allocation/global_rsv_size');
  const allocation: Array<[string, BtrfsAllocation]> = ['data', 'metadata', 'system'].map(
    (type) => [type, readAllocation(r, `allocation/${type}`)],
  );
  if (r.err !== null) throw r.err;
  return { uuid: uuid || basename(dir), label, globalRsvSize, devices, allocation };
}

export const btrfsCollector = defineCollector({
  name: 'btrfs',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Btrfs allocation and device sizes per filesystem (/sys/fs/btrfs).',
  create: ({ paths }) => ({
    async collect() {
      const base = join(paths.sysfs, 'fs/btrfs');
      let entries: string[];
      try {
        entries = readdirSync(base)
          .filter((n) => n.includes('-'))
          .sort();
      } catch (err) {
        if (isAbsent(err)) return [];
        throw err;
      }
      const set = new FamilySet();
      for (const entry of entries) {
        const fs = readFilesystem(join(base, entry));
        const { uuid } = fs;
        set.get('node_btrfs_info', 'Filesystem information', 'gauge').add(1, {
          uuid,
          label: fs.label,
        });
        set
          .get('node_btrfs_global_rsv_size_bytes', 'Size of global reserve.', 'gauge')
          .add(fs.globalRsvSize, { uuid });
        for (const [type, alloc] of fs.allocation) {
          set
            .get('node_btrfs_reserved_bytes', 'Amount of space reserved for a data type', 'gauge')
            .add(alloc.reserved, { uuid, block_group_type: type });
          for (const l of alloc.layouts) {
            const labels = { uuid, block_group_type: type, mode: l.mode };
            set
              .get('node_btrfs_used_bytes', 'Amount of used space by a layout/data type', 'gauge')
              .add(l.used, labels);
            set
              .get(
                'node_btrfs_size_bytes',
                'Amount of space allocated for a layout/data type',
                'gauge',
              )
              .add(l.total, labels);
            set
              .get(
                'node_btrfs_allocation_ratio',
                'Data allocation ratio for a layout/data type',
                'gauge',
              )
              .add(l.ratio, labels);
          }
        }
        for (const dev of fs.devices) {
          set
            .get(
              'node_btrfs_device_size_bytes',
              'Size of a device that is part of the filesystem.',
              'gauge',
            )
            .add(dev.size, { uuid, device: dev.name });
        }
      }
      return set.build();
    },
  }),
});
