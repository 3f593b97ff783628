import * as z from 'zod';
import { LABEL_NAME, METRIC_NAME, RESERVED_PREFIX } from '../config/fields.js';
import { captureNames, unsafePatternReason } from '../patterns/safety.js';
import { journalInput } from './journal-config.js';

const logRule = z.strictObject({
  name: z.string().min(1),
  /** Regular expression, JavaScript syntax; Python's (?P<name>…) is accepted. */
  match: z.string().min(1),
  metric: z.string().regex(METRIC_NAME, 'expected a Prometheus metric name'),
  help: z.string().optional(),
  /** counter: one per matching line, or the captured `value`; histogram: observes `value`. */
  type: z.enum(['counter', 'histogram']).default('counter'),
  /** Named captures that become labels. */
  labels: z.array(z.string().regex(LABEL_NAME, 'expected a label name')).default([]),
  /** Most label sets this rule exports; the rest are counted in vigil_log_dropped_series_total. */
  max_series: z.number().int().min(1).default(100),
  /** A named capture holding a number: added to a counter, observed by a histogram. */
  value: z.string().optional(),
  scale: z.number().positive().default(1),
  buckets: z
    .array(z.number())
    .min(1)
    .default([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]),
});

const logSource = z
  .strictObject({
    name: z.string().regex(LABEL_NAME, 'expected a name of letters, digits and underscores'),
    /** Glob patterns; files and directories created later are picked up. */
    paths: z.array(z.string().min(1)).min(1).optional(),
    /** How the files frame their lines: as written, or by Docker's json-file driver or a CRI runtime. */
    format: z.enum(['plain', 'docker', 'cri']).default('plain'),
    /** Labels from a container log file's path (Kubernetes or Docker layout) on every series. */
    path_labels: z
      .array(z.enum(['namespace', 'pod', 'pod_uid', 'container', 'container_id']))
      .default([]),
    /** The systemd journal instead of files. */
    journal: journalInput.optional(),
    /**
     * Where to start in a file (or the journal) seen for the first time at startup; files
     * created later are read from their start.
     */
    start_at: z.enum(['end', 'beginning']).default('end'),
    rules: z.array(logRule).min(1),
  })
  .superRefine((source, ctx) => {
    if ((source.paths === undefined) === (source.journal === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['paths'],
        message: `source "${source.name}": give either paths (files) or journal, not ${source.paths ? 'both' : 'neither'}`,
      });
    if (source.journal && (source.format !== 'plain' || source.path_labels.length > 0))
      ctx.addIssue({
        code: 'custom',
        path: ['format'],
        message: `source "${source.name}": format and path_labels are for files, not the journal`,
      });
    const sourceLabels = [...Object.keys(source.journal?.fields ?? {}), ...source.path_labels];
    source.rules.forEach((rule, i) => {
      const where = `source "${source.name}", rule "${rule.name}"`;
      const unsafe = unsafePatternReason(rule.match);
      if (unsafe) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'match'],
          message: `${where}: pattern ${JSON.stringify(rule.match)} ${unsafe}`,
        });
        return;
      }
      const captures = new Set(captureNames(rule.match));
      for (const label of rule.labels.filter((l) => sourceLabels.includes(l)))
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'labels'],
          message: `${where}: label "${label}" is also a label the source gives (journal fields, path_labels)`,
        });
      for (const label of rule.labels) {
        if (!captures.has(label)) {
          ctx.addIssue({
            code: 'custom',
            path: ['rules', i, 'labels'],
            message: `${where}: label "${label}" is not a named capture of the pattern`,
          });
        }
      }
      if (rule.value !== undefined && !captures.has(rule.value)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'value'],
          message: `${where}: value "${rule.value}" is not a named capture of the pattern`,
        });
      }
      if (rule.type === 'counter' && !rule.metric.endsWith('_total')) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'metric'],
          message: `${where}: a counter's name ends in _total (${rule.metric}_total)`,
        });
      }
      if (rule.type === 'histogram' && /_(total|bucket|sum|count)$/.test(rule.metric)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'metric'],
          message: `${where}: a histogram's name may not end in _total, _bucket, _sum or _count`,
        });
      }
      if (rule.type === 'histogram' && rule.value === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'value'],
          message: `${where}: a histogram needs a value capture`,
        });
      }
      if (
        rule.type === 'histogram' &&
        rule.buckets.some((b, j) => j > 0 && b <= (rule.buckets[j - 1] as number))
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'buckets'],
          message: `${where}: buckets must increase`,
        });
      }
    });
  });

/** The `logs:` section: followed files and the rules that count their lines. */
export const logsSection = z
  .strictObject({
    /** Where read positions are kept across restarts; empty keeps them in memory only. */
    positions_file: z.string().default('/var/lib/vigil/positions.json'),
    /** Longer lines are counted, matched on their first max_line_bytes, and cut. */
    max_line_bytes: z.number().int().min(256).default(65536),
    sources: z.array(logSource).default([]),
  })
  .superRefine((l, ctx) => {
    const metrics = new Map<string, string>();
    const names = new Set<string>();
    l.sources.forEach((source, i) => {
      if (names.has(source.name))
        ctx.addIssue({
          code: 'custom',
          path: ['sources', i, 'name'],
          message: `source "${source.name}" is defined twice`,
        });
      names.add(source.name);
      source.rules.forEach((rule, j) => {
        const owner = metrics.get(rule.metric);
        if (owner) {
          ctx.addIssue({
            code: 'custom',
            path: ['sources', i, 'rules', j, 'metric'],
            message: `metric ${rule.metric} is already written by ${owner}`,
          });
        }
        if (RESERVED_PREFIX.test(rule.metric)) {
          ctx.addIssue({
            code: 'custom',
            path: ['sources', i, 'rules', j, 'metric'],
            message: `metric ${rule.metric}: the vigil_ and node_ prefixes are reserved`,
          });
        }
        metrics.set(rule.metric, `source "${source.name}", rule "${rule.name}"`);
      });
    });
  })
  .prefault({});

export type LogsSettings = z.output<typeof logsSection>;
export type LogSourceConfig = LogsSettings['sources'][number];
export type LogRuleConfig = LogSourceConfig['rules'][number];
export type FileSourceConfig = LogSourceConfig & { paths: string[] };
