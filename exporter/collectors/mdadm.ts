import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { FamilySet } from '../exposition/family.js';
import { parseMdstat } from '../parsers/mdstat.js';
import { parseSource, readIfPresent } from './source.js';

/** node_md_state's states, and the /proc/mdstat state that sets each. */
const STATES: ReadonlyArray<readonly [label: string, state: string]> = [
  ['active', 'active'],
  ['inactive', 'inactive'],
  ['recovering', 'recovering'],
  ['resync', 'resyncing'],
  ['check', 'checking'],
];

export const mdadmCollector = defineCollector({
  name: 'mdadm',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Software RAID (md) arrays: state, disks and sync progress (/proc/mdstat).',
  create: ({ paths }) => ({
    async collect() {
      const path = join(paths.procfs, 'mdstat');
      const text = readIfPresent(path);
      if (text === null) return [];
      const set = new FamilySet();
      for (const md of parseSource(path, text, parseMdstat)) {
        const device = md.name;
        set
          .get('node_md_disks_required', 'Total number of disks of device.', 'gauge')
          .add(md.disksTotal, { device });
        const disks = set.get(
          'node_md_disks',
          'Number of active/failed/spare disks of device.',
          'gauge',
        );
        disks.add(md.disksActive, { device, state: 'active' });
        disks.add(md.disksFailed, { device, state: 'failed' });
        disks.add(md.disksSpare, { device, state: 'spare' });
        const state = set.get('node_md_state', 'Indicates the state of md-device.', 'gauge');
        for (const [label, value] of STATES)
          state.add(md.state === value ? 1 : 0, { device, state: label });
        set
          .get('node_md_blocks', 'Total number of blocks on device.', 'gauge')
          .add(md.blocksTotal, { device });
        set
          .get('node_md_blocks_synced', 'Number of blocks synced on device.', 'gauge')
          .add(md.blocksSynced, { device });
      }
      return set.build();
    },
  }),
});
