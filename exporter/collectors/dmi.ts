import { type Dirent, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { gauge } from '../exposition/family.js';
import type { Labels } from '../exposition/types.js';
import { DMI_LABELS, parseDmiValue } from '../parsers/dmi.js';

const LABEL_OF = new Map(DMI_LABELS);

const HELP =
  "A metric with a constant '1' value labeled by bios_date, bios_release, bios_vendor, " +
  'bios_version, board_asset_tag, board_name, board_serial, board_vendor, board_version, ' +
  'chassis_asset_tag, chassis_serial, chassis_vendor, chassis_version, product_family, ' +
  'product_name, product_serial, product_sku, product_uuid, product_version, system_vendor ' +
  'if provided by DMI.';

const code = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

/**
 * The DMI labels of /sys/class/dmi/id: its regular files that node_exporter knows, each read
 * as procfs does; a file only root may read (serials, product_uuid) is left out.
 */
function readDmi(dir: string): Labels {
  if (!existsSync(dir)) return {};
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    // node_exporter treats a missing directory as "no DMI on this platform".
    if (code(err) === 'ENOENT') return {};
    throw err;
  }
  const labels: Record<string, string> = {};
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const label = LABEL_OF.get(entry.name);
    if (label === undefined) continue;
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, entry.name));
    } catch (err) {
      if (code(err) === 'EACCES' || code(err) === 'EPERM') continue;
      throw err;
    }
    labels[label] = parseDmiValue(bytes);
  }
  return labels;
}

export const dmiCollector = defineCollector({
  name: 'dmi',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Firmware, board, chassis and product identity (/sys/class/dmi/id).',
  create: ({ paths }) => ({
    async collect() {
      const labels = readDmi(join(paths.sysfs, 'class/dmi/id'));
      if (Object.keys(labels).length === 0) return [];
      return [gauge('node_dmi_info', HELP).add(1, labels).build()];
    },
  }),
});
