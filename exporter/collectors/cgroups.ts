import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { gauge } from '../exposition/family.js';
import { parseCgroups } from '../parsers/cgroups.js';
import { parseSource, readOptional } from './source.js';

export const cgroupsCollector = defineCollector({
  name: 'cgroups',
  defaultEnabled: false,
  nodeExporter: true,
  description: 'Control groups per cgroup controller, and whether it is enabled (/proc/cgroups).',
  create: ({ paths }) => ({
    async collect() {
      const path = join(paths.procfs, 'cgroups');
      const text = readOptional(path);
      if (text === null) return [];
      // node_exporter 1.5 gives both families the same help text.
      const help = 'Current cgroup number of the subsystem.';
      const cgroups = gauge('node_cgroups_cgroups', help);
      const enabled = gauge('node_cgroups_enabled', help);
      for (const c of parseSource(path, text, parseCgroups)) {
        cgroups.add(c.cgroups, { subsys_name: c.subsys });
        enabled.add(c.enabled, { subsys_name: c.subsys });
      }
      return cgroups.size > 0 ? [cgroups.build(), enabled.build()] : [];
    },
  }),
});
