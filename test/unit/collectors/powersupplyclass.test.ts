/**
 * powersupplyclass and rapl on node_exporter 1.5's fixture tree; the expected series are
 * node_exporter 1.5's output there (powersupplyclass is not in its end-to-end test, so the
 * differential test does not run it).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { powersupplyclassCollector } from '../../../exporter/collectors/powersupplyclass.js';
import { raplCollector } from '../../../exporter/collectors/rapl.js';
import type { CollectorDefinition, HostPaths } from '../../../exporter/core/collector.js';
import { collectorContext } from '../../helpers/collectors.js';

const TREE = fileURLToPath(new URL('../../fixtures/node-exporter-1.5', import.meta.url));
const PATHS: HostPaths = { procfs: `${TREE}/proc`, sysfs: `${TREE}/sys`, rootfs: TREE };

const POWER_SUPPLY = [
  'node_power_supply_capacity{power_supply="BAT0"} 81',
  'node_power_supply_cyclecount{power_supply="BAT0"} 0',
  'node_power_supply_energy_full{power_supply="BAT0"} 45.07',
  'node_power_supply_energy_full_design{power_supply="BAT0"} 47.52',
  'node_power_supply_energy_watthour{power_supply="BAT0"} 36.58',
  'node_power_supply_info{power_supply="AC",type="Mains"} 1',
  'node_power_supply_info{capacity_level="Normal",manufacturer="LGC",model_name="LNV-45N1\uFFFD",power_supply="BAT0",serial_number="38109",status="Discharging",technology="Li-ion",type="Battery"} 1',
  'node_power_supply_online{power_supply="AC"} 0',
  'node_power_supply_power_watt{power_supply="BAT0"} 5.002',
  'node_power_supply_present{power_supply="BAT0"} 1',
  'node_power_supply_voltage_min_design{power_supply="BAT0"} 10.8',
  'node_power_supply_voltage_volt{power_supply="BAT0"} 11.66',
];

const RAPL_PATH = `${TREE}/sys/class/powercap`;
const RAPL = [
  `node_rapl_core_joules_total{index="0",path="${RAPL_PATH}/intel-rapl:0:0"} 118821.284256`,
  `node_rapl_package_joules_total{index="0",path="${RAPL_PATH}/intel-rapl:0"} 240422.366267`,
];
const RAPL_ZONES = [
  `node_rapl_joules_total{index="0",path="${RAPL_PATH}/intel-rapl:0",rapl_zone="package"} 240422.366267`,
  `node_rapl_joules_total{index="0",path="${RAPL_PATH}/intel-rapl:0:0",rapl_zone="core"} 118821.284256`,
];

async function collect<S>(
  definition: CollectorDefinition<S>,
  settings: S,
  paths: HostPaths = PATHS,
): Promise<string[]> {
  const families = await definition
    .create(collectorContext(paths, () => settings))
    .collect(new AbortController().signal);
  return families
    .flatMap((f) =>
      f.samples.map((s) => {
        const labels = Object.entries(s.labels)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k}="${v}"`);
        return `${f.name}{${labels.join(',')}} ${s.value}`;
      }),
    )
    .sort();
}

describe('powersupplyclass collector', () => {
  it("matches node_exporter 1.5's series and values", async () => {
    expect(await collect(powersupplyclassCollector, { ignored_supplies: '^$' })).toEqual(
      [...POWER_SUPPLY].sort(),
    );
  });

  it('leaves out ignored supplies', async () => {
    expect(await collect(powersupplyclassCollector, { ignored_supplies: '^BAT' })).toEqual([
      'node_power_supply_info{power_supply="AC",type="Mains"} 1',
      'node_power_supply_online{power_supply="AC"} 0',
    ]);
  });

  it('gives no families without /sys/class/power_supply', async () => {
    const none = { ...PATHS, sysfs: join(TREE, 'none') };
    expect(await collect(powersupplyclassCollector, { ignored_supplies: '^$' }, none)).toEqual([]);
  });
});

describe('rapl collector', () => {
  it("matches node_exporter 1.5's series, one family per zone name", async () => {
    expect(await collect(raplCollector, { enable_zone_label: false })).toEqual(RAPL);
  });

  it('with enable_zone_label, one family with a rapl_zone label', async () => {
    expect(await collect(raplCollector, { enable_zone_label: true })).toEqual(
      [...RAPL_ZONES].sort(),
    );
  });

  it('gives no families without /sys/class/powercap', async () => {
    const none = { ...PATHS, sysfs: join(TREE, 'none') };
    expect(await collect(raplCollector, { enable_zone_label: false }, none)).toEqual([]);
  });
});
