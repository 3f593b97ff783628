import { existsSync } from 'node:fs';
import * as z from 'zod';
import { duration, LABEL_NAME, METRIC_NAME, RESERVED_PREFIX } from '../config/fields.js';
import { badPath } from './jsonpath.js';

const apiMetric = z.strictObject({
  name: z.string().regex(METRIC_NAME, 'expected a Prometheus metric name'),
  /** JSONPath to the value, or to the objects that carry labels and value. */
  path: z.string().min(1),
  help: z.string().optional(),
  /** Label name to a JSONPath relative to each selected object. */
  labels: z
    .record(z.string().regex(LABEL_NAME, 'expected a label name'), z.string().min(1))
    .optional(),
  /** JSONPath to the value relative to each selected object. */
  value: z.string().min(1).optional(),
  /** Strings (or booleans) to numbers: {UP: 1, DOWN: 0}. */
  value_map: z.record(z.string(), z.number()).optional(),
  type: z.enum(['gauge', 'counter']).default('gauge'),
});

/** A secret given by file (re-read at each use) or by environment variable, never inline. */
const secretSource = (what: string) =>
  z
    .strictObject({
      [`${what}_file`]: z.string().min(1).optional(),
      [`${what}_env`]: z.string().min(1).optional(),
    })
    .refine(
      (o) => Object.values(o).filter(Boolean).length === 1,
      `give exactly one of ${what}_file or ${what}_env`,
    );

const api = z
  .strictObject({
    /** The target label. */
    name: z.string().regex(LABEL_NAME, 'expected a name of letters, digits and underscores'),
    url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
    timeout: duration.default(5),
    /** 0: fetched at scrape time; more: fetched on this period, the last result served. */
    interval: duration.default(0),
    headers: z.record(z.string(), z.string()).default({}),
    auth: z
      .strictObject({
        bearer_token: secretSource('token').optional(),
        basic: z
          .strictObject({ username: z.string().min(1), password: secretSource('password') })
          .optional(),
      })
      .optional(),
    tls: z
      .strictObject({
        ca_file: z.string().min(1).optional(),
        insecure_skip_verify: z.boolean().default(false),
      })
      .prefault({}),
    max_body_bytes: z
      .number()
      .int()
      .min(1)
      .default(1 << 20),
    max_redirects: z.number().int().min(0).max(10).default(3),
    metrics: z.array(apiMetric).min(1),
  })
  .superRefine((a, ctx) => {
    const url = URL.canParse(a.url) ? new URL(a.url) : null;
    if (a.tls.ca_file && !existsSync(a.tls.ca_file)) {
      ctx.addIssue({
        code: 'custom',
        path: ['tls', 'ca_file'],
        message: `target "${a.name}": no such file ${a.tls.ca_file}`,
      });
    }
    if (url && (url.username || url.password)) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: `target "${a.name}": put credentials under auth, not in the URL`,
      });
    }
    a.metrics.forEach((m, i) => {
      const paths: Array<[string, string]> = [
        ['path', m.path],
        ...(m.value ? [['value', m.value] as [string, string]] : []),
        ...Object.entries(m.labels ?? {}).map(([l, p]) => [`labels.${l}`, p] as [string, string]),
      ];
      for (const [key, path] of paths) {
        const bad = badPath(path);
        if (bad)
          ctx.addIssue({
            code: 'custom',
            path: ['metrics', i, ...key.split('.')],
            message: `target "${a.name}", metric ${m.name}: JSONPath ${JSON.stringify(path)}: ${bad}`,
          });
      }
      if (m.type === 'counter' && !m.name.endsWith('_total')) {
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', i, 'name'],
          message: `target "${a.name}": a counter's name ends in _total (${m.name}_total)`,
        });
      }
      if (RESERVED_PREFIX.test(m.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', i, 'name'],
          message: `target "${a.name}": the vigil_ and node_ prefixes are reserved`,
        });
      }
    });
  });

/** A metric may come from several targets (told apart by the target label), with one type. */
export const apisSection = z
  .array(api)
  .superRefine((list, ctx) => {
    const names = new Set<string>();
    const types = new Map<string, string>();
    list.forEach((a, i) => {
      if (names.has(a.name))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `target "${a.name}" is defined twice`,
        });
      names.add(a.name);
      const own = new Set<string>();
      a.metrics.forEach((m, j) => {
        if (own.has(m.name))
          ctx.addIssue({
            code: 'custom',
            path: [i, 'metrics', j, 'name'],
            message: `target "${a.name}": metric ${m.name} is defined twice`,
          });
        own.add(m.name);
        const type = types.get(m.name);
        if (type && type !== m.type)
          ctx.addIssue({
            code: 'custom',
            path: [i, 'metrics', j, 'type'],
            message: `metric ${m.name} is a ${type} for another target`,
          });
        types.set(m.name, m.type);
      });
    });
  })
  .default([]);

export type ApisSettings = z.output<typeof apisSection>;
export type ApiTargetConfig = ApisSettings[number];
export type ApiMetricConfig = ApiTargetConfig['metrics'][number];
