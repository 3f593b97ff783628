import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { gauge } from '../exposition/family.js';
import { bondingSlaveUp, parseBondingNames } from '../parsers/bonding.js';
import { readText } from './source.js';

/** Go's errors.Is(err, os.ErrNotExist): ENOENT only. */
const notExist = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/** Configured and up slaves per bonding master; throws as the reads do. */
function readBonding(netDir: string): Map<string, [slaves: number, active: number]> {
  const status = new Map<string, [number, number]>();
  for (const master of parseBondingNames(readText(join(netDir, 'bonding_masters')))) {
    const counts: [number, number] = [0, 0];
    for (const slave of parseBondingNames(readText(join(netDir, master, 'bonding', 'slaves')))) {
      let state: string;
      try {
        state = readText(join(netDir, master, `lower_${slave}`, 'bonding_slave', 'mii_status'));
      } catch (err) {
        if (!notExist(err)) throw err;
        // Older kernels link the slaves as slave_<name>.
        state = readText(join(netDir, master, `slave_${slave}`, 'bonding_slave', 'mii_status'));
      }
      counts[0]++;
      if (bondingSlaveUp(state)) counts[1]++;
    }
    status.set(master, counts);
  }
  return status;
}

export const bondingCollector = defineCollector({
  name: 'bonding',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Configured and active slaves of bonding interfaces (/sys/class/net/*/bonding).',
  create: ({ paths }) => ({
    async collect() {
      let status: Map<string, [number, number]>;
      if (!existsSync(join(paths.sysfs, 'class/net/bonding_masters'))) return [];
      try {
        status = readBonding(join(paths.sysfs, 'class/net'));
      } catch (err) {
        // node_exporter reports no data when any file of the walk does not exist.
        if (notExist(err)) return [];
        throw err;
      }
      const slaves = gauge(
        'node_bonding_slaves',
        'Number of configured slaves per bonding interface.',
      );
      const active = gauge('node_bonding_active', 'Number of active slaves per bonding interface.');
      for (const [master, [configured, up]] of status) {
        slaves.add(configured, { master });
        active.add(up, { master });
      }
      return status.size === 0 ? [] : [slaves.build(), active.build()];
    },
  }),
});
