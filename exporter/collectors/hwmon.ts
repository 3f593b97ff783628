import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { FamilySet } from '../exposition/family.js';
import type { MetricFamily, MetricType } from '../exposition/types.js';
import { goValidUtf8 } from '../parsers/go-strings.js';
import { cleanHwmonName, explodeHwmonFileName, parseHwmonValue } from '../parsers/hwmon.js';
import { listOptional } from './source.js';

/** The sensor types node_exporter 1.5 reads from a hwmon directory. */
const SENSOR_TYPES = new Set([
  'vrm',
  'beep_enable',
  'update_interval',
  'in',
  'cpu',
  'fan',
  'pwm',
  'temp',
  'curr',
  'power',
  'energy',
  'humidity',
  'intrusion',
]);

/** sensor ("temp1") -> property ("input", "" for the bare file) -> raw text. */
type SensorData = Map<string, Map<string, string>>;

/** node_exporter reads at most 128 bytes of an attribute, in one read; unreadable ones are left out. */
function readAttribute(path: string): string | null {
  try {
    return goValidUtf8(readFileSync(path).subarray(0, 128));
  } catch {
    return null;
  }
}

function collectSensorData(dir: string, data: SensorData): void {
  for (const file of readdirSync(dir).sort()) {
    const parts = explodeHwmonFileName(file);
    if (!parts || !SENSOR_TYPES.has(parts.type)) continue;
    const raw = readAttribute(join(dir, file));
    if (raw === null) continue;
    const sensor = `${parts.type}${parts.num}`;
    let props = data.get(sensor);
    if (!props) {
      props = new Map();
      data.set(sensor, props);
    }
    props.set(parts.property, raw.replace(/^\n+|\n+$/g, ''));
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The chip label: the device's bus and name, else the name file, else hwmonN. */
function chipName(dir: string): string {
  try {
    const device = realpathSync(join(dir, 'device'));
    const devName = cleanHwmonName(basename(device));
    const devType = cleanHwmonName(basename(dirname(device)));
    if (devType !== '' && devName !== '') return `${devType}_${devName}`;
    if (devName !== '') return devName;
  } catch {
    // no device: fall through
  }
  const name = humanReadableName(dir);
  if (name !== null) return name;
  const clean = cleanHwmonName(basename(realpathSync(dir)));
  if (clean !== '') return clean;
  throw new Error(`Could not derive a monitoring name for ${dir}`);
}

/** The chip's own name file, cleaned; null when absent or empty. */
function humanReadableName(dir: string): string | null {
  let raw: string;
  try {
    raw = readFileSync(join(dir, 'name'), 'utf8');
  } catch {
    return null;
  }
  const clean = cleanHwmonName(raw);
  return clean === '' ? null : clean;
}

function updateHwmon(dir: string, set: FamilySet): void {
  const chip = chipName(dir);
  const data: SensorData = new Map();
  collectSensorData(dir, data);
  if (exists(join(dir, 'device'))) collectSensorData(join(dir, 'device'), data);

  const add = (
    name: string,
    help: string,
    value: number,
    labels: Record<string, string>,
    type: MetricType = 'gauge',
  ) => set.get(name, help, type).add(value, labels);

  const chipLabel = humanReadableName(dir);
  if (chipLabel !== null)
    add('node_hwmon_chip_names', 'Annotation metric for human-readable chip names', 1, {
      chip,
      chip_name: chipLabel,
    });

  for (const [sensor, props] of data) {
    const sensorType = explodeHwmonFileName(sensor)?.type ?? '';
    const labels = { chip, sensor };
    const labelText = props.get('label');
    // node_exporter 1.5 keeps the label text as it is (only newlines trimmed).
    if (labelText !== undefined)
      add('node_hwmon_sensor_label', 'Label for given chip and sensor', 1, {
        ...labels,
        label: labelText,
      });
    if (sensorType === 'beep_enable') {
      add(
        'node_hwmon_beep_enabled',
        'Hardware beep enabled',
        props.get('') === '1' ? 1 : 0,
        labels,
      );
      continue;
    }
    if (sensorType === 'vrm') {
      const v = parseHwmonValue(props.get('') ?? '');
      if (v !== null)
        add('node_hwmon_voltage_regulator_version', 'Hardware voltage regulator', v, labels);
      continue;
    }
    if (sensorType === 'update_interval') {
      const v = parseHwmonValue(props.get('') ?? '');
      if (v !== null)
        add(
          'node_hwmon_update_interval_seconds',
          'Hardware monitor update interval',
          v * 0.001,
          labels,
        );
      continue;
    }
    const prefix = `node_hwmon_${sensorType}`;
    for (const [property, raw] of props) {
      if (property === 'label') continue;
      let element = property;
      let name = prefix;
      if (element === 'input') {
        if (props.has('')) name = `${name}_input`;
      } else if (element !== '') {
        name = `${name}_${cleanHwmonName(element)}`;
      }
      const value = parseHwmonValue(raw);
      if (value === null) continue;
      if (element === 'fault' || element === 'alarm') {
        add(name, `Hardware sensor ${element} status (${sensorType})`, value, labels);
      } else if (element === 'beep') {
        add(`${name}_enabled`, 'Hardware monitor sensor has beeping enabled', value, labels);
      } else if (sensorType === 'in' || sensorType === 'cpu') {
        add(`${name}_volts`, `Hardware monitor for voltage (${element})`, value * 0.001, labels);
      } else if (sensorType === 'temp' && element !== 'type') {
        if (element === '') element = 'input';
        add(
          `${name}_celsius`,
          `Hardware monitor for temperature (${element})`,
          value * 0.001,
          labels,
        );
      } else if (sensorType === 'curr') {
        add(`${name}_amps`, `Hardware monitor for current (${element})`, value * 0.001, labels);
      } else if (sensorType === 'energy') {
        add(
          `${name}_joule_total`,
          `Hardware monitor for joules used so far (${element})`,
          value / 1000000.0,
          labels,
          'counter',
        );
      } else if (sensorType === 'power' && element === 'accuracy') {
        add(name, 'Hardware monitor power meter accuracy, as a ratio', value / 1000000.0, labels);
      } else if (
        sensorType === 'power' &&
        (element === 'average_interval' ||
          element === 'average_interval_min' ||
          element === 'average_interval_max')
      ) {
        add(
          `${name}_seconds`,
          `Hardware monitor power usage update interval (${element})`,
          value * 0.001,
          labels,
        );
      } else if (sensorType === 'power') {
        add(
          `${name}_watt`,
          `Hardware monitor for power usage in watts (${element})`,
          value / 1000000.0,
          labels,
        );
      } else if (sensorType === 'humidity') {
        add(
          name,
          `Hardware monitor for humidity, as a ratio (multiply with 100.0 to get the humidity as a percentage) (${element})`,
          value / 1000000.0,
          labels,
        );
      } else if (
        sensorType === 'fan' &&
        (element === 'input' || element === 'min' || element === 'max' || element === 'target')
      ) {
        add(
          `${name}_rpm`,
          `Hardware monitor for fan revolutions per minute (${element})`,
          value,
          labels,
        );
      } else {
        add(name, `Hardware monitor ${sensorType} element ${element}`, value, labels);
      }
    }
  }
}

export const hwmonCollector = defineCollector({
  name: 'hwmon',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Hardware sensors: temperatures, voltages, fans, power (/sys/class/hwmon).',
  create: ({ paths }) => ({
    async collect() {
      const classDir = join(paths.sysfs, 'class/hwmon');
      const entries = listOptional(classDir);
      if (entries === null) return [];
      const set = new FamilySet();
      let failure: unknown = null;
      for (const entry of entries) {
        const dir = join(classDir, entry);
        let isDir: boolean;
        try {
          isDir = statSync(dir).isDirectory();
        } catch {
          continue;
        }
        if (!isDir) continue;
        try {
          updateHwmon(dir, set);
        } catch (err) {
          failure = err;
        }
      }
      if (failure !== null) throw failure;
      const families: MetricFamily[] = set.build();
      return families;
    },
  }),
});
