import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { counter, type FamilyBuilder } from '../exposition/family.js';
import { parseXfsStat, type XfsStats } from '../parsers/xfs-stat.js';
import { listOptional, parseSource, readIfPresent } from './source.js';

/** node_xfs_* counters: the group, the index in it, the name and node_exporter 1.5's help. */
const METRICS: ReadonlyArray<[keyof XfsStats, number, string, string]> = [
  [
    'extentAlloc',
    0,
    'extent_allocation_extents_allocated_total',
    'Number of extents allocated for a filesystem.',
  ],
  [
    'extentAlloc',
    1,
    'extent_allocation_blocks_allocated_total',
    'Number of blocks allocated for a filesystem.',
  ],
  [
    'extentAlloc',
    2,
    'extent_allocation_extents_freed_total',
    'Number of extents freed for a filesystem.',
  ],
  [
    'extentAlloc',
    3,
    'extent_allocation_blocks_freed_total',
    'Number of blocks freed for a filesystem.',
  ],
  [
    'allocBtree',
    0,
    'allocation_btree_lookups_total',
    'Number of allocation B-tree lookups for a filesystem.',
  ],
  [
    'allocBtree',
    1,
    'allocation_btree_compares_total',
    'Number of allocation B-tree compares for a filesystem.',
  ],
  [
    'allocBtree',
    2,
    'allocation_btree_records_inserted_total',
    'Number of allocation B-tree records inserted for a filesystem.',
  ],
  [
    'allocBtree',
    3,
    'allocation_btree_records_deleted_total',
    'Number of allocation B-tree records deleted for a filesystem.',
  ],
  [
    'blockMap',
    0,
    'block_mapping_reads_total',
    'Number of block map for read operations for a filesystem.',
  ],
  [
    'blockMap',
    1,
    'block_mapping_writes_total',
    'Number of block map for write operations for a filesystem.',
  ],
  [
    'blockMap',
    2,
    'block_mapping_unmaps_total',
    'Number of block unmaps (deletes) for a filesystem.',
  ],
  [
    'blockMap',
    3,
    'block_mapping_extent_list_insertions_total',
    'Number of extent list insertions for a filesystem.',
  ],
  [
    'blockMap',
    4,
    'block_mapping_extent_list_deletions_total',
    'Number of extent list deletions for a filesystem.',
  ],
  [
    'blockMap',
    5,
    'block_mapping_extent_list_lookups_total',
    'Number of extent list lookups for a filesystem.',
  ],
  [
    'blockMap',
    6,
    'block_mapping_extent_list_compares_total',
    'Number of extent list compares for a filesystem.',
  ],
  [
    'blockMapBtree',
    0,
    'block_map_btree_lookups_total',
    'Number of block map B-tree lookups for a filesystem.',
  ],
  [
    'blockMapBtree',
    1,
    'block_map_btree_compares_total',
    'Number of block map B-tree compares for a filesystem.',
  ],
  [
    'blockMapBtree',
    2,
    'block_map_btree_records_inserted_total',
    'Number of block map B-tree records inserted for a filesystem.',
  ],
  [
    'blockMapBtree',
    3,
    'block_map_btree_records_deleted_total',
    'Number of block map B-tree records deleted for a filesystem.',
  ],
  [
    'dir',
    0,
    'directory_operation_lookup_total',
    'Number of file name directory lookups which miss the operating systems directory name lookup cache.',
  ],
  [
    'dir',
    1,
    'directory_operation_create_total',
    'Number of times a new directory entry was created for a filesystem.',
  ],
  [
    'dir',
    2,
    'directory_operation_remove_total',
    'Number of times an existing directory entry was created for a filesystem.',
  ],
  [
    'dir',
    3,
    'directory_operation_getdents_total',
    'Number of times the directory getdents operation was performed for a filesystem.',
  ],
  [
    'inode',
    0,
    'inode_operation_attempts_total',
    'Number of times the OS looked for an XFS inode in the inode cache.',
  ],
  [
    'inode',
    1,
    'inode_operation_found_total',
    'Number of times the OS looked for and found an XFS inode in the inode cache.',
  ],
  [
    'inode',
    2,
    'inode_operation_recycled_total',
    'Number of times the OS found an XFS inode in the cache, but could not use it as it was being recycled.',
  ],
  [
    'inode',
    3,
    'inode_operation_missed_total',
    'Number of times the OS looked for an XFS inode in the cache, but did not find it.',
  ],
  [
    'inode',
    4,
    'inode_operation_duplicates_total',
    'Number of times the OS tried to add a missing XFS inode to the inode cache, but found it had already been added by another process.',
  ],
  [
    'inode',
    5,
    'inode_operation_reclaims_total',
    'Number of times the OS reclaimed an XFS inode from the inode cache to free memory for another purpose.',
  ],
  [
    'inode',
    6,
    'inode_operation_attribute_changes_total',
    'Number of times the OS explicitly changed the attributes of an XFS inode.',
  ],
  ['rw', 1, 'read_calls_total', 'Number of read(2) system calls made to files in a filesystem.'],
  ['rw', 0, 'write_calls_total', 'Number of write(2) system calls made to files in a filesystem.'],
  ['vnodes', 0, 'vnode_active_total', 'Number of vnodes not on free lists for a filesystem.'],
  ['vnodes', 1, 'vnode_allocate_total', 'Number of times vn_alloc called for a filesystem.'],
  ['vnodes', 2, 'vnode_get_total', 'Number of times vn_get called for a filesystem.'],
  ['vnodes', 3, 'vnode_hold_total', 'Number of times vn_hold called for a filesystem.'],
  ['vnodes', 4, 'vnode_release_total', 'Number of times vn_rele called for a filesystem.'],
  ['vnodes', 5, 'vnode_reclaim_total', 'Number of times vn_reclaim called for a filesystem.'],
  ['vnodes', 6, 'vnode_remove_total', 'Number of times vn_remove called for a filesystem.'],
];

export const xfsCollector = defineCollector({
  name: 'xfs',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'XFS runtime statistics per filesystem (/sys/fs/xfs/*/stats/stats).',
  create: ({ paths }) => ({
    async collect() {
      const base = join(paths.sysfs, 'fs/xfs');
      const devices = listOptional(base);
      if (devices === null) return [];
      const families: FamilyBuilder[] = METRICS.map(([, , name, help]) =>
        counter(`node_xfs_${name}`, help),
      );
      for (const device of devices) {
        const path = join(base, device, 'stats/stats');
        const text = readIfPresent(path);
        if (text === null) continue;
        const stats = parseSource(path, text, parseXfsStat);
        METRICS.forEach(([group, index], i) => {
          families[i]?.add(stats[group][index] ?? 0, { device });
        });
      }
      return families.filter((f) => f.size > 0).map((f) => f.build());
    },
  }),
});
