import { goTrimSpace, goValidUtf8 } from './go-strings.js';

/** The bytes procfs reads of a sysfs attribute: one read(2) of at most this many bytes. */
export const SYSFS_READ_BYTES = 128;

/** The files of /sys/class/dmi/id that node_exporter 1.5 exposes, by the label it gives them. */
export const DMI_LABELS: ReadonlyArray<readonly [file: string, label: string]> = [
  ['bios_date', 'bios_date'],
  ['bios_release', 'bios_release'],
  ['bios_vendor', 'bios_vendor'],
  ['bios_version', 'bios_version'],
  ['board_asset_tag', 'board_asset_tag'],
  ['board_name', 'board_name'],
  ['board_serial', 'board_serial'],
  ['board_vendor', 'board_vendor'],
  ['board_version', 'board_version'],
  ['chassis_asset_tag', 'chassis_asset_tag'],
  ['chassis_serial', 'chassis_serial'],
  ['chassis_vendor', 'chassis_vendor'],
  ['chassis_version', 'chassis_version'],
  ['product_family', 'product_family'],
  ['product_name', 'product_name'],
  ['product_serial', 'product_serial'],
  ['product_sku', 'product_sku'],
  ['product_uuid', 'product_uuid'],
  ['product_version', 'product_version'],
  ['sys_vendor', 'system_vendor'],
];

/**
 * A DMI attribute's label value from the file's bytes, as node_exporter 1.5 makes it: the
 * first 128 bytes (procfs reads sysfs attributes in one short read), space trimmed at both
 * ends, each run of invalid UTF-8 replaced by one U+FFFD. Never fails: DMI strings are free text.
 */
export function parseDmiValue(bytes: Uint8Array): string {
  return goTrimSpace(goValidUtf8(bytes.subarray(0, SYSFS_READ_BYTES)));
}
