import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import type { CollectorDefinition, HostPaths } from '../../exporter/core/collector.js';
import { collectorContext } from './collectors.js';

/**
 * The copied node_exporter fixture tree keeps each symbolic link as a file holding its
 * target; put the link back (in a temporary copy).
 */
export function restoreLink(path: string): void {
  const target = readFileSync(path, 'utf8').trim();
  rmSync(path, { force: true });
  symlinkSync(target, path);
}

/** A series line with its labels in name order and its value as a number, for comparing. */
export function normalizeSeries(line: string): string {
  const m = /^([^{]+)\{(.*)\} (\S+)$/.exec(line);
  if (!m) throw new Error(line);
  const labels = (m[2] as string)
    .split(/,(?=\w+=")/)
    .sort()
    .join(',');
  return `${m[1]}{${labels}} ${Number(m[3])}`;
}

/** One collection of a collector as sorted, normalized series lines. */
export async function seriesLines<S>(
  definition: CollectorDefinition<S>,
  paths: HostPaths,
  settings: S,
): Promise<string[]> {
  const families = await definition
    .create(collectorContext(paths, () => settings))
    .collect(new AbortController().signal);
  return families
    .flatMap((f) =>
      f.samples.map((s) => {
        const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`);
        return normalizeSeries(`${f.name}{${labels.join(',')}} ${s.value}`);
      }),
    )
    .sort();
}
