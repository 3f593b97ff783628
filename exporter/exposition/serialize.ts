import type { MetricFamily } from './types.js';

/** Prometheus text exposition format 0.0.4. */
export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** OpenMetrics 1.0.0, negotiated through the Accept header. */
export const OPENMETRICS_CONTENT_TYPE =
  'application/openmetrics-text; version=1.0.0; charset=utf-8';

export type ExpositionFormat = 'text' | 'openmetrics';

function escapeHelp(help: string, format: ExpositionFormat): string {
  const escaped = help.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
  return format === 'openmetrics' ? escaped.replaceAll('"', '\\"') : escaped;
}

function escapeLabelValue(value: string): string {
  // Fast path: nearly every label value is plain.
  if (!/[\\"\n]/.test(value)) return value;
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/**
 * OpenMetrics names a counter family without its `_total` suffix and calls the
 * untyped type `unknown`; a counter without the suffix can only be exposed as unknown.
 */
function openMetricsHeader(family: MetricFamily): { name: string; type: string } {
  if (family.type === 'counter') {
    return family.name.endsWith('_total')
      ? { name: family.name.slice(0, -'_total'.length), type: 'counter' }
      : { name: family.name, type: 'unknown' };
  }
  if (family.type === 'untyped') return { name: family.name, type: 'unknown' };
  return { name: family.name, type: family.type };
}

function formatHeader(family: MetricFamily, format: ExpositionFormat): string {
  const { name, type } =
    format === 'openmetrics' ? openMetricsHeader(family) : { name: family.name, type: family.type };
  return `# HELP ${name} ${escapeHelp(family.help, format)}\n# TYPE ${name} ${type}\n`;
}

interface CachedHeader {
  readonly help: string;
  readonly type: string;
  readonly text: string;
}

/**
 * HELP and TYPE lines by family name, per format: families are rebuilt at every scrape with
 * the same name, help and type, so their header lines are escaped and built once.
 */
const headers: Record<ExpositionFormat, Map<string, CachedHeader>> = {
  text: new Map(),
  openmetrics: new Map(),
};
/** Names come from outside too (textfile): a bound keeps a churn of them from growing it. */
const MAX_CACHED_HEADERS = 10_000;

function header(family: MetricFamily, format: ExpositionFormat): string {
  const cache = headers[format];
  const cached = cache.get(family.name);
  if (cached?.help === family.help && cached.type === family.type) return cached.text;
  if (cache.size >= MAX_CACHED_HEADERS) cache.clear();
  const text = formatHeader(family, format);
  cache.set(family.name, { help: family.help, type: family.type, text });
  return text;
}

/**
 * Serialise families, in the order given, to one exposition document, appended to one
 * string piece by piece: building each line and its labels as strings of their own first,
 * then joining the lines, made half as much garbage again.
 */
export function serialize(families: readonly MetricFamily[], format: ExpositionFormat): string {
  let out = '';
  for (const family of families) {
    if (family.samples.length === 0) continue;
    out += header(family, format);
    for (const sample of family.samples) {
      out += family.name;
      if (sample.suffix) out += sample.suffix;
      let separator = '{';
      // Label sets are plain objects: for...in visits their keys without an array of them.
      for (const key in sample.labels) {
        out += `${separator}${key}="${escapeLabelValue(sample.labels[key] as string)}"`;
        separator = ',';
      }
      out += `${separator === ',' ? '} ' : ' '}${formatValue(sample.value)}\n`;
    }
  }
  if (format === 'openmetrics') out += '# EOF\n';
  return out;
}
