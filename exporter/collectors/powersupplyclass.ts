import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { pattern } from '../config/fields.js';
import { defineCollector } from '../core/collector.js';
import { FamilySet, gauge } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { parsePowerSupplyAttribute } from '../parsers/power-supply.js';
import { deviceFilter, listOptional, parseSource } from './source.js';

/** The `collectors.powersupplyclass:` section (node_exporter 1.5's default ignores nothing). */
export const powersupplyclassSection = z
  .strictObject({
    ignored_supplies: pattern.default('^$'),
  })
  .prefault({});

export type PowersupplyclassSettings = z.output<typeof powersupplyclassSection>;

/** Integer attributes exposed as they are, by metric suffix. */
const PLAIN: ReadonlyArray<[string, string]> = [
  ['authentic', 'authentic'],
  ['calibrate', 'calibrate'],
  ['capacity', 'capacity'],
  ['capacity_alert_max', 'capacity_alert_max'],
  ['capacity_alert_min', 'capacity_alert_min'],
  ['cyclecount', 'cycle_count'],
  ['online', 'online'],
  ['present', 'present'],
  ['time_to_empty_seconds', 'time_to_empty_now'],
  ['time_to_full_seconds', 'time_to_full_now'],
];

/** Attributes in micro-units (µA, µV, µWh, µAh, µW), exposed divided by 1e6. */
const MICRO: ReadonlyArray<[string, string]> = [
  ['current_boot', 'current_boot'],
  ['current_max', 'current_max'],
  ['current_ampere', 'current_now'],
  ['energy_empty', 'energy_empty'],
  ['energy_empty_design', 'energy_empty_design'],
  ['energy_full', 'energy_full'],
  ['energy_full_design', 'energy_full_design'],
  ['energy_watthour', 'energy_now'],
  ['voltage_boot', 'voltage_boot'],
  ['voltage_max', 'voltage_max'],
  ['voltage_max_design', 'voltage_max_design'],
  ['voltage_min', 'voltage_min'],
  ['voltage_min_design', 'voltage_min_design'],
  ['voltage_volt', 'voltage_now'],
  ['voltage_ocv', 'voltage_ocv'],
  ['charge_control_limit', 'charge_control_limit'],
  ['charge_control_limit_max', 'charge_control_limit_max'],
  ['charge_counter', 'charge_counter'],
  ['charge_empty', 'charge_empty'],
  ['charge_empty_design', 'charge_empty_design'],
  ['charge_full', 'charge_full'],
  ['charge_full_design', 'charge_full_design'],
  ['charge_ampere', 'charge_now'],
  ['charge_term_current', 'charge_term_current'],
  ['constant_charge_current', 'constant_charge_current'],
  ['constant_charge_current_max', 'constant_charge_current_max'],
  ['constant_charge_voltage', 'constant_charge_voltage'],
  ['constant_charge_voltage_max', 'constant_charge_voltage_max'],
  ['precharge_current', 'precharge_current'],
  ['input_current_limit', 'input_current_limit'],
  ['power_watt', 'power_now'],
];

/** Temperatures in tenths of a degree, exposed divided by 10. */
const DECI: ReadonlyArray<[string, string]> = [
  ['temp_celsius', 'temp'],
  ['temp_alert_max_celsius', 'temp_alert_max'],
  ['temp_alert_min_celsius', 'temp_alert_min'],
  ['temp_ambient_celsius', 'temp_ambient'],
  ['temp_ambient_max_celsius', 'temp_ambient_max'],
  ['temp_ambient_min_celsius', 'temp_ambient_min'],
  ['temp_max_celsius', 'temp_max'],
  ['temp_min_celsius', 'temp_min'],
];

/** Text attributes that become labels of node_power_supply_info, by label name. */
const INFO: ReadonlyArray<[string, string]> = [
  ['capacity_level', 'capacity_level'],
  ['charge_type', 'charge_type'],
  ['health', 'health'],
  ['manufacturer', 'manufacturer'],
  ['model_name', 'model_name'],
  ['serial_number', 'serial_number'],
  ['status', 'status'],
  ['technology', 'technology'],
  ['type', 'type'],
  ['usb_type', 'usb_type'],
  ['scope', 'scope'],
];

/** Read errors procfs passes over for one attribute file (the driver cannot report it now). */
const SKIPPED_READ_ERRORS = new Set(['ENOENT', 'EOPNOTSUPP', 'ENODEV', 'EINVAL']);

interface PowerSupply {
  readonly integers: Map<string, number>;
  readonly strings: Map<string, string>;
}

/** Every regular file of one power supply's directory, as procfs's parsePowerSupply reads them. */
function readPowerSupply(dir: string): PowerSupply {
  const integers = new Map<string, number>();
  const strings = new Map<string, string>();
  for (const file of readdirSync(dir).sort()) {
    const path = join(dir, file);
    if (!lstatSync(path).isFile()) continue;
    let bytes: Buffer;
    try {
      bytes = readPowerSupplyFile(path);
    } catch (err) {
      if (SKIPPED_READ_ERRORS.has((err as NodeJS.ErrnoException).code ?? '')) continue;
      throw err;
    }
    const attribute = parseSource(path, '', () => parsePowerSupplyAttribute(file, bytes));
    if (attribute?.kind === 'integer') integers.set(file, attribute.value);
    else if (attribute?.kind === 'string') strings.set(file, attribute.value);
  }
  return { integers, strings };
}

/** procfs's SysReadFile reads at most 4096 bytes. */
function readPowerSupplyFile(path: string): Buffer {
  return readFileSync(path).subarray(0, 4096);
}

export const powersupplyclassCollector = defineCollector<PowersupplyclassSettings>({
  name: 'powersupplyclass',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Batteries and AC adapters (/sys/class/power_supply).',
  section: ['collectors', 'powersupplyclass'],
  flags: [
    {
      name: 'ignored-supplies',
      prefix: 'powersupply',
      key: 'ignored_supplies',
      type: 'pattern',
      default: '^$',
      help: 'Regexp of power supplies to ignore for powersupplyclass collector (collectors.powersupplyclass.ignored_supplies).',
    },
  ],
  create: ({ paths, settings }) => ({
    async collect() {
      const classDir = join(paths.sysfs, 'class/power_supply');
      const names = listOptional(classDir);
      if (names === null) return [];
      const ignored = deviceFilter('', settings().ignored_supplies);
      const supplies: Array<[string, PowerSupply]> = names.map((name) => [
        name,
        readPowerSupply(join(classDir, name)),
      ]);

      const set = new FamilySet();
      const info = gauge(
        'node_power_supply_info',
        'info of /sys/class/power_supply/<power_supply>.',
      );
      const push = (metric: string, value: number, name: string) =>
        set
          .get(
            `node_power_supply_${metric}`,
            `${metric} value of /sys/class/power_supply/<power_supply>.`,
            'gauge',
          )
          .add(value, { power_supply: name });
      for (const [name, supply] of supplies) {
        if (!ignored(name)) continue;
        for (const [metric, file] of PLAIN) {
          const v = supply.integers.get(file);
          if (v !== undefined) push(metric, v, name);
        }
        for (const [metric, file] of MICRO) {
          const v = supply.integers.get(file);
          if (v !== undefined) push(metric, v / 1e6, name);
        }
        for (const [metric, file] of DECI) {
          const v = supply.integers.get(file);
          if (v !== undefined) push(metric, v / 10.0, name);
        }
        const labels: Record<string, string> = { power_supply: name };
        for (const [label, file] of INFO) {
          const v = supply.strings.get(file);
          if (v !== undefined && v !== '') labels[label] = v;
        }
        info.add(1, labels);
      }
      const families: MetricFamily[] = set.build();
      if (info.size > 0) families.push(info.build());
      return families;
    },
  }),
});
