import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { gauge } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { parseOsRelease } from '../parsers/os-release.js';
import { readOptional } from './source.js';

const INFO_LABELS = {
  build_id: 'BUILD_ID',
  id: 'ID',
  id_like: 'ID_LIKE',
  image_id: 'IMAGE_ID',
  image_version: 'IMAGE_VERSION',
  name: 'NAME',
  pretty_name: 'PRETTY_NAME',
  variant: 'VARIANT',
  variant_id: 'VARIANT_ID',
  version: 'VERSION',
  version_codename: 'VERSION_CODENAME',
  version_id: 'VERSION_ID',
} as const;

/** The major.minor part of VERSION_ID ("22.04" → 22.04, "12" → 12); undefined when absent. */
export function osVersionNumber(versionId: string | undefined): number | undefined {
  const match = /^\d+(\.\d+)?/.exec(versionId ?? '');
  return match ? Number(match[0]) : undefined;
}

export const osCollector = defineCollector({
  name: 'os',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Operating system name and version from os-release (node_os_info).',
  create: ({ paths }) => ({
    async collect() {
      let text: string | null = null;
      for (const file of ['etc/os-release', 'usr/lib/os-release']) {
        text = readOptional(join(paths.rootfs, file));
        if (text !== null) break;
      }
      if (text === null) return [];
      const release = parseOsRelease(text);
      const get = (key: string) => release.get(key) ?? '';
      const labels = Object.fromEntries(
        Object.entries(INFO_LABELS).map(([label, key]) => [label, get(key)]),
      );
      const families: MetricFamily[] = [
        gauge(
          'node_os_info',
          "A metric with a constant '1' value labeled by build_id, id, id_like, image_id, image_version, name, pretty_name, variant, variant_id, version, version_codename, version_id.",
        )
          .add(1, labels)
          .build(),
      ];
      const version = osVersionNumber(release.get('VERSION_ID'));
      if (version !== undefined) {
        families.push(
          gauge('node_os_version', 'Metric containing the major.minor part of the OS version.')
            .add(version, { id: get('ID'), id_like: get('ID_LIKE'), name: get('NAME') })
            .build(),
        );
      }
      return families;
    },
  }),
});
