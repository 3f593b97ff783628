import { goInt } from './go-numbers.js';
import { goTrimSpace, goValidUtf8 } from './go-strings.js';
import { ParseError } from './parse-error.js';

/** /sys/class/power_supply/<name> attributes procfs reads as integers (Go's ParseInt, base 0). */
export const POWER_SUPPLY_INTEGERS: ReadonlySet<string> = new Set([
  'authentic',
  'calibrate',
  'capacity',
  'capacity_alert_max',
  'capacity_alert_min',
  'charge_avg',
  'charge_control_limit',
  'charge_control_limit_max',
  'charge_counter',
  'charge_empty',
  'charge_empty_design',
  'charge_full',
  'charge_full_design',
  'charge_now',
  'charge_term_current',
  'constant_charge_current',
  'constant_charge_current_max',
  'constant_charge_voltage',
  'constant_charge_voltage_max',
  'current_avg',
  'current_boot',
  'current_max',
  'current_now',
  'cycle_count',
  'energy_avg',
  'energy_empty',
  'energy_empty_design',
  'energy_full',
  'energy_full_design',
  'energy_now',
  'input_current_limit',
  'online',
  'power_avg',
  'power_now',
  'precharge_current',
  'present',
  'temp',
  'temp_alert_max',
  'temp_alert_min',
  'temp_ambient',
  'temp_ambient_max',
  'temp_ambient_min',
  'temp_max',
  'temp_min',
  'time_to_empty_avg',
  'time_to_empty_now',
  'time_to_full_avg',
  'time_to_full_now',
  'voltage_avg',
  'voltage_boot',
  'voltage_max',
  'voltage_max_design',
  'voltage_min',
  'voltage_min_design',
  'voltage_now',
  'voltage_ocv',
]);

/** Attributes procfs keeps as text. */
export const POWER_SUPPLY_STRINGS: ReadonlySet<string> = new Set([
  'capacity_level',
  'charge_type',
  'health',
  'manufacturer',
  'model_name',
  'scope',
  'serial_number',
  'status',
  'technology',
  'type',
  'usb_type',
]);

export type PowerSupplyAttribute =
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string };

/**
 * One attribute file of a power supply, by its file name: an integer (Go's ParseInt with
 * base 0, so 0x and leading-0 octal count), a label text (invalid UTF-8 runs replaced), or
 * null for a file procfs does not read into a field. A malformed integer is an error, as in
 * procfs, which fails the whole class.
 */
export function parsePowerSupplyAttribute(
  file: string,
  bytes: Uint8Array,
): PowerSupplyAttribute | null {
  if (POWER_SUPPLY_STRINGS.has(file))
    return { kind: 'string', value: goTrimSpace(goValidUtf8(bytes)) };
  if (!POWER_SUPPLY_INTEGERS.has(file)) return null;
  const text = goTrimSpace(Buffer.from(bytes).toString('latin1'));
  const value = goInt(text);
  if (value === null)
    throw new ParseError(`${file}: expected an integer, got "${text.slice(0, 40)}"`, 1);
  return { kind: 'integer', value };
}
