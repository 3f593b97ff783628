import { counter, gauge } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import type { LogRule } from './rules.js';

/** Lines skipped as undecodable, by the sources that decode them. */
export const MALFORMED = {
  name: 'vigil_log_malformed_lines_total',
  help: 'Lines that could not be decoded (journalctl JSON, container framing), skipped.',
} as const;

/** What every log source counts, whatever it reads. */
export interface SourceStats {
  /** Complete lines (journal entries) read. */
  lines: number;
  bytes: number;
  readErrors: number;
}

/**
 * The families every log source exports: its rules' own metrics, matches, dropped series and
 * rule info by rule, and the source's line, byte and read-error counters.
 */
export function sourceFamilies(
  source: string,
  rules: readonly LogRule[],
  stats: SourceStats,
): MetricFamily[] {
  const families = rules.map((r) => r.family(source)).filter((f) => f.samples.length > 0);
  const matches = counter('vigil_log_matches_total', 'Log lines that matched a rule.');
  const dropped = counter(
    'vigil_log_dropped_series_total',
    'Matches not exported because the rule reached max_series label sets.',
  );
  const info = gauge(
    'vigil_log_rule_info',
    'Each log rule, with the metric it writes (for dashboards that list them).',
  );
  for (const r of rules) {
    matches.add(r.matches, { source, rule: r.name });
    dropped.add(r.droppedSeries, { source, rule: r.name });
    info.add(1, { source, rule: r.name, metric: r.config.metric });
  }
  return [
    ...families,
    matches.build(),
    dropped.build(),
    info.build(),
    counter('vigil_log_lines_total', 'Complete log lines (or journal entries) read.')
      .add(stats.lines, { source })
      .build(),
    counter('vigil_log_bytes_total', 'Log bytes read.').add(stats.bytes, { source }).build(),
    counter(
      'vigil_log_read_errors_total',
      'Failed attempts to open or read a log file, or to run journalctl.',
    )
      .add(stats.readErrors, { source })
      .build(),
  ];
}
