import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { counter } from '../exposition/family.js';
import { parseSysUint } from '../parsers/sys-uint.js';
import { parseSource, readText } from './source.js';

/**
 * The entries of `dir` whose names match `pattern`, sorted, as Go's filepath.Glob lists
 * them; none when the directory cannot be read (Glob ignores that error).
 */
function glob(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => pattern.test(name))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

export const edacCollector = defineCollector({
  name: 'edac',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Correctable and uncorrectable memory errors (/sys/devices/system/edac).',
  create: ({ paths }) => ({
    async collect() {
      const ce = counter('node_edac_correctable_errors_total', 'Total correctable memory errors.');
      const ue = counter(
        'node_edac_uncorrectable_errors_total',
        'Total uncorrectable memory errors.',
      );
      const rowCe = counter(
        'node_edac_csrow_correctable_errors_total',
        'Total correctable memory errors for this csrow.',
      );
      const rowUe = counter(
        'node_edac_csrow_uncorrectable_errors_total',
        'Total uncorrectable memory errors for this csrow.',
      );
      // A missing or malformed count fails the collection, as in node_exporter.
      const read = (path: string) => parseSource(path, readText(path), parseSysUint);
      const mcDir = join(paths.sysfs, 'devices/system/edac/mc');
      for (const mc of glob(mcDir, /^mc[0-9]/)) {
        const controller = /^mc([0-9]*)/.exec(mc)?.[1] ?? '';
        const dir = join(mcDir, mc);
        ce.add(read(join(dir, 'ce_count')), { controller });
        rowCe.add(read(join(dir, 'ce_noinfo_count')), { controller, csrow: 'unknown' });
        ue.add(read(join(dir, 'ue_count')), { controller });
        rowUe.add(read(join(dir, 'ue_noinfo_count')), { controller, csrow: 'unknown' });
        for (const row of glob(dir, /^csrow[0-9]/)) {
          const csrow = /^csrow([0-9]*)/.exec(row)?.[1] ?? '';
          rowCe.add(read(join(dir, row, 'ce_count')), { controller, csrow });
          rowUe.add(read(join(dir, row, 'ue_count')), { controller, csrow });
        }
      }
      return [ce, ue, rowCe, rowUe].filter((f) => f.size > 0).map((f) => f.build());
    },
  }),
});
