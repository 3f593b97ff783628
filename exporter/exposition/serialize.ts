import type { Labels, MetricFamily } from './types.js';

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

function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (i > 0) out += ',';
    out += `${key}="${escapeLabelValue(labels[key] as string)}"`;
  }
  return `${out}}`;
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

/** Serialise families, in the order given, to one exposition document. */
export function serialize(families: readonly MetricFamily[], format: ExpositionFormat): string {
  const parts: string[] = [];
  for (const family of families) {
    if (family.samples.length === 0) continue;
    const header =
      format === 'openmetrics'
        ? openMetricsHeader(family)
        : { name: family.name, type: family.type };
    parts.push(`# HELP ${header.name} ${escapeHelp(family.help, format)}\n`);
    parts.push(`# TYPE ${header.name} ${header.type}\n`);
    for (const sample of family.samples) {
      const name = sample.suffix ? family.name + sample.suffix : family.name;
      parts.push(`${name}${formatLabels(sample.labels)} ${formatValue(sample.value)}\n`);
    }
  }
  if (format === 'openmetrics') parts.push('# EOF\n');
  return parts.join('');
}
