/**
 * thermal_zone and hwmon on node_exporter 1.5's fixture tree with class/thermal and
 * class/hwmon linked as they are in its sys.ttar (the copied tree keeps each symlink as a
 * file holding its target, on which node_exporter fails thermal_zone and skips hwmon0-3).
 * The expected series are node_exporter 1.5's output on such a tree.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hwmonCollector } from '../../../exporter/collectors/hwmon.js';
import { thermalZoneCollector } from '../../../exporter/collectors/thermal-zone.js';
import type { CollectorDefinition, HostPaths } from '../../../exporter/core/collector.js';
import { normalizeSeries, restoreLink, seriesLines } from '../../helpers/relinked-tree.js';

const TREE = fileURLToPath(new URL('../../fixtures/node-exporter-1.5', import.meta.url));

const THERMAL = [
  'node_cooling_device_cur_state{name="0",type="Processor"} 0',
  'node_cooling_device_max_state{name="0",type="Processor"} 3',
  'node_thermal_zone_temp{type="cpu-thermal",zone="0"} 12.376',
];

/** Every sixth of node_exporter's 123 hwmon series, and its chip names. */
const HWMON_SAMPLE = [
  'node_hwmon_chip_names{chip="nct6779",chip_name="nct6779"} 1',
  'node_hwmon_chip_names{chip="platform_coretemp_0",chip_name="coretemp"} 1',
  'node_hwmon_chip_names{chip="platform_coretemp_1",chip_name="coretemp"} 1',
  'node_hwmon_fan_manual{chip="platform_applesmc_768",sensor="fan2"} 0',
  'node_hwmon_fan_output{chip="platform_applesmc_768",sensor="fan1"} 2160',
  'node_hwmon_fan_target_rpm{chip="nct6779",sensor="fan2"} 27000',
  'node_hwmon_in_max_volts{chip="nct6779",sensor="in0"} 1.744',
  'node_hwmon_intrusion_alarm{chip="nct6779",sensor="intrusion0"} 1',
  'node_hwmon_pwm_auto_point2_pwm{chip="nct6779",sensor="pwm1"} 255',
  'node_hwmon_pwm_auto_point5_pwm{chip="nct6779",sensor="pwm1"} 255',
  'node_hwmon_pwm_start{chip="nct6779",sensor="pwm1"} 1',
  'node_hwmon_pwm_temp_tolerance{chip="nct6779",sensor="pwm1"} 0',
  'node_hwmon_pwm_weight_temp_step{chip="nct6779",sensor="pwm1"} 0',
  'node_hwmon_sensor_label{chip="platform_coretemp_0",label="Core 3",sensor="temp5"} 1',
  'node_hwmon_sensor_label{chip="platform_coretemp_1",label="Physical id 0",sensor="temp1"} 1',
  'node_hwmon_temp_celsius{chip="platform_coretemp_1",sensor="temp1"} 55',
  'node_hwmon_temp_crit_alarm_celsius{chip="platform_coretemp_0",sensor="temp2"} 0',
  'node_hwmon_temp_crit_alarm_celsius{chip="platform_coretemp_1",sensor="temp3"} 0',
  'node_hwmon_temp_crit_celsius{chip="platform_coretemp_0",sensor="temp4"} 100',
  'node_hwmon_temp_crit_celsius{chip="platform_coretemp_1",sensor="temp5"} 100',
  'node_hwmon_temp_max_celsius{chip="platform_coretemp_1",sensor="temp1"} 84',
];

let dir: string;
let paths: HostPaths;

/** Turn each copied file that holds a link target back into the symlink. */
function relink(classDir: string): void {
  for (const name of readdirSync(classDir)) {
    const path = join(classDir, name);
    if (!statSync(path).isFile()) continue;
    restoreLink(path);
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-thermal-'));
  const sys = join(dir, 'sys');
  cpSync(join(TREE, 'sys'), sys, { recursive: true });
  relink(join(sys, 'class/thermal'));
  relink(join(sys, 'class/hwmon'));
  for (const chip of [
    'coretemp.0/hwmon/hwmon0',
    'coretemp.1/hwmon/hwmon1',
    'applesmc.768/hwmon/hwmon2',
  ]) {
    const device = join(sys, 'devices/platform', chip, 'device');
    restoreLink(device);
  }
  paths = { procfs: join(dir, 'proc'), sysfs: sys, rootfs: dir };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const collect = (definition: CollectorDefinition, p: HostPaths) =>
  seriesLines(definition, p, undefined);

describe('thermal_zone collector', () => {
  it("matches node_exporter 1.5's series and values", async () => {
    expect(await collect(thermalZoneCollector, paths)).toEqual(THERMAL.map(normalizeSeries).sort());
  });

  it('gives no families without /sys/class/thermal', async () => {
    expect(await collect(thermalZoneCollector, { ...paths, sysfs: join(dir, 'none') })).toEqual([]);
  });

  it('fails, as node_exporter 1.5 does, when a zone is not a directory', async () => {
    const tree = { procfs: `${TREE}/proc`, sysfs: `${TREE}/sys`, rootfs: TREE };
    await expect(collect(thermalZoneCollector, tree)).rejects.toThrow(/ENOTDIR/);
  });
});

describe('hwmon collector', () => {
  it("matches node_exporter 1.5's series and values", async () => {
    const ours = await collect(hwmonCollector, paths);
    expect(ours.filter((l) => !l.includes('chip="hwmon4"')).length).toBe(113);
    expect(ours).toEqual(expect.arrayContaining(HWMON_SAMPLE.map(normalizeSeries)));
    expect(ours).toContain(
      normalizeSeries(
        'node_hwmon_sensor_label{chip="platform_applesmc_768",label="Left side  ",sensor="fan1"} 1',
      ),
    );
  });

  it('gives no families without /sys/class/hwmon', async () => {
    expect(await collect(hwmonCollector, { ...paths, sysfs: join(dir, 'none') })).toEqual([]);
  });
});
