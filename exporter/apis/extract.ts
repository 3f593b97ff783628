import type { Sample } from '../exposition/types.js';
import type { ApiMetricConfig } from './config.js';
import { query } from './jsonpath.js';

export type ExtractFailure = 'missing_path' | 'bad_value';

export class ExtractError extends Error {
  constructor(
    readonly reason: ExtractFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Label values from API replies are cut, so a reply cannot create huge series. */
const MAX_LABEL_VALUE = 128;

/** A JSON value as a sample value: numbers, numeric strings, booleans, or a value map entry. */
export function toNumber(
  value: unknown,
  valueMap: Readonly<Record<string, number>> | undefined,
): number | null {
  if (
    valueMap &&
    (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number')
  ) {
    const mapped = valueMap[String(value)];
    if (mapped !== undefined) return mapped;
    if (typeof value === 'string') return null;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/**
 * The samples of one configured metric in a reply. Without labels the path must select one
 * value; with labels it selects objects, each giving its label values and its value by
 * relative paths.
 */
export function extract(metric: ApiMetricConfig, json: unknown): Sample[] {
  const found = query(metric.path, json);
  if (found.length === 0)
    throw new ExtractError('missing_path', `${metric.name}: nothing at ${metric.path}`);
  const labelPaths = Object.entries(metric.labels ?? {});
  if (labelPaths.length === 0 && !metric.value) {
    if (found.length > 1)
      throw new ExtractError(
        'bad_value',
        `${metric.name}: ${metric.path} selects ${found.length} values; give labels to tell them apart`,
      );
    const value = toNumber(found[0], metric.value_map);
    if (value === null)
      throw new ExtractError(
        'bad_value',
        `${metric.name}: ${JSON.stringify(found[0])?.slice(0, 60)} at ${metric.path} is not a number`,
      );
    return [{ labels: {}, value }];
  }
  const samples: Sample[] = [];
  const seen = new Set<string>();
  for (const item of found) {
    const labels: Record<string, string> = {};
    for (const [label, path] of labelPaths) {
      const v = query(path, item)[0];
      if (v === undefined || v === null || typeof v === 'object') {
        throw new ExtractError(
          'missing_path',
          `${metric.name}: label ${label} (${path}) missing in an item of ${metric.path}`,
        );
      }
      labels[label] = String(v).slice(0, MAX_LABEL_VALUE);
    }
    const raw = metric.value ? query(metric.value, item)[0] : item;
    if (raw === undefined)
      throw new ExtractError(
        'missing_path',
        `${metric.name}: value ${metric.value} missing in an item of ${metric.path}`,
      );
    const value = toNumber(raw, metric.value_map);
    if (value === null)
      throw new ExtractError(
        'bad_value',
        `${metric.name}: ${JSON.stringify(raw)?.slice(0, 60)} is not a number`,
      );
    const key = JSON.stringify(labels);
    if (seen.has(key))
      throw new ExtractError('bad_value', `${metric.name}: two items have the labels ${key}`);
    seen.add(key);
    samples.push({ labels, value });
  }
  return samples;
}
