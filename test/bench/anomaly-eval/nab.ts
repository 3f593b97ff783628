/** Reading a Numenta Anomaly Benchmark folder: `data/<family>/<series>.csv` and the windows. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelledSeries } from './metrics.js';

/** NAB's timestamps (`2014-04-01 00:05:00`, windows with microseconds) are UTC. */
function time(text: string): number {
  const t = Date.parse(`${text.trim().replace(' ', 'T')}Z`);
  if (Number.isNaN(t)) throw new Error(`not a timestamp: "${text}"`);
  return t;
}

/** `timestamp,value` with a header line. */
export function parseSeriesCsv(
  text: string,
  name: string,
): { times: number[]; values: Float64Array } {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const times: number[] = [];
  const values: number[] = [];
  lines.slice(1).forEach((line, i) => {
    const comma = line.indexOf(',');
    const value = Number(line.slice(comma + 1));
    if (comma < 0 || !Number.isFinite(value))
      throw new Error(`${name}:${i + 2}: expected "timestamp,value", got "${line}"`);
    times.push(time(line.slice(0, comma)));
    values.push(value);
  });
  return { times, values: Float64Array.from(values) };
}

/** Every labelled series under `folder`, optionally only the families (subfolders) named. */
export function readNab(folder: string, families?: readonly string[]): LabelledSeries[] {
  const labelFile = join(folder, 'labels', 'combined_windows.json');
  if (!existsSync(labelFile))
    throw new Error(
      `${labelFile} not found: pass --data=<a folder laid out as the Numenta Anomaly Benchmark, with data/ and labels/>`,
    );
  const labels = JSON.parse(readFileSync(labelFile, 'utf8')) as Record<string, [string, string][]>;
  const out: LabelledSeries[] = [];
  for (const family of readdirSync(join(folder, 'data')).sort()) {
    if (families && !families.includes(family)) continue;
    for (const file of readdirSync(join(folder, 'data', family)).sort()) {
      if (!file.endsWith('.csv')) continue;
      const name = `${family}/${file}`;
      const windows = labels[name];
      if (!windows) continue;
      const { times, values } = parseSeriesCsv(
        readFileSync(join(folder, 'data', family, file), 'utf8'),
        name,
      );
      out.push({
        name,
        times,
        values,
        windows: windows.map(([a, b]) => [time(a), time(b)] as const),
      });
    }
  }
  return out;
}
