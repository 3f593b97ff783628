import { existsSync } from 'node:fs';
import { z } from 'zod';
import { isSignalName, SIGNALS, WORKLOAD_SIGNAL } from '../anomaly/signal-names.js';
import { badPath } from '../apis/extract.js';
import { captureNames, unsafePatternReason } from '../logs/regex.js';
import { parseDuration } from './duration.js';

/** A Prometheus-style duration string, parsed to seconds. */
export const duration = z.unknown().transform((text, ctx) => {
  const seconds = typeof text === 'string' ? parseDuration(text) : null;
  if (seconds === null) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a duration such as 5s, 1m30s or 250ms, got ${JSON.stringify(text)}`,
    });
    return z.NEVER;
  }
  return seconds;
});

/** A regular expression given as a string, checked at load; empty means "none". */
export const pattern = z.string().superRefine((source, ctx) => {
  try {
    new RegExp(source);
  } catch (err) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a regular expression: ${(err as Error).message}`,
    });
  }
});

/** node_exporter 1.5's default exclusions, so filesystem series match it one for one. */
export const DEFAULT_MOUNT_POINTS_EXCLUDE =
  '^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)';
export const DEFAULT_FS_TYPES_EXCLUDE =
  '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$';
export const DEFAULT_DISK_DEVICE_EXCLUDE = '^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$';

const filesystem = z.strictObject({
  mount_points_exclude: pattern.default(DEFAULT_MOUNT_POINTS_EXCLUDE),
  fs_types_exclude: pattern.default(DEFAULT_FS_TYPES_EXCLUDE),
  /** How long one statfs may take before the mount is reported with device_error 1. */
  statfs_timeout: duration.default(2),
});

const diskstats = z.strictObject({
  device_exclude: pattern.default(DEFAULT_DISK_DEVICE_EXCLUDE),
  device_include: pattern.default(''),
});

const anomaly = z
  .strictObject({
    /** How often the signals are sampled. */
    interval: duration.default(5),
    /** History kept per signal for training, in a fixed-size ring buffer. */
    history: duration.default(4 * 3600),
    /** How often the models are trained again on the history. */
    train_every: duration.default(15 * 60),
    /** History needed before the first model; until then no score is exported. */
    min_history: duration.default(10 * 60),
    /** Host signals, and process:<group>, log:<source>/<rule> or api:<target>/<metric>. */
    signals: z
      .array(
        z.string().refine(isSignalName, {
          message: `expected one of ${SIGNALS.join(', ')}, or process:<group>, log:<source>/<rule>, api:<target>/<metric>`,
        }),
      )
      .min(1)
      .default([...SIGNALS]),
  })
  .superRefine((a, ctx) => {
    if (a.interval <= 0 || a.min_history < a.interval * 20 || a.history < a.min_history)
      ctx.addIssue({
        code: 'custom',
        path: ['min_history'],
        message:
          'needs interval > 0, min_history of at least 20 intervals, and history ≥ min_history',
      });
  });

const netdev = z.strictObject({
  device_exclude: pattern.default(''),
  device_include: pattern.default(''),
});

const TEMPLATE = /\{\{\s*([\w.]+)\s*\}\}/g;
export const TEMPLATE_FIELDS = ['comm', 'exe_base', 'exe_full', 'username'] as const;

const processGroup = z
  .strictObject({
    /** Group name; may use {{comm}}, {{exe_base}}, {{exe_full}}, {{username}}, {{matches.NAME}}. */
    name: z.string().min(1),
    comm: z.array(z.string().min(1)).min(1).optional(),
    exe: z.array(z.string().min(1)).min(1).optional(),
    cmdline: z.array(z.string()).min(1).optional(),
    min_count: z.number().int().min(0).optional(),
    max_count: z.number().int().min(1).optional(),
  })
  .superRefine((group, ctx) => {
    if (!group.comm && !group.exe && !group.cmdline) {
      ctx.addIssue({
        code: 'custom',
        message: `group "${group.name}": give at least one of comm, exe or cmdline`,
      });
    }
    const captures = new Set<string>();
    // Any user can start a process with a crafted command line: patterns must be able to run
    // in linear time, as log patterns must.
    group.cmdline?.forEach((source, i) => {
      const unsafe = unsafePatternReason(source);
      if (unsafe) {
        ctx.addIssue({
          code: 'custom',
          path: ['cmdline', i],
          message: `group "${group.name}": cmdline pattern ${JSON.stringify(source)} ${unsafe}`,
        });
        return;
      }
      for (const name of captureNames(source)) captures.add(name);
    });
    const templated = group.name.includes('{{');
    for (const [, field] of group.name.matchAll(TEMPLATE)) {
      const known =
        (TEMPLATE_FIELDS as readonly string[]).includes(field as string) ||
        (field?.startsWith('matches.') && captures.has(field.slice(8)));
      if (!known) {
        ctx.addIssue({
          code: 'custom',
          path: ['name'],
          message: `group "${group.name}": unknown template field {{${field}}}; use ${TEMPLATE_FIELDS.map((f) => `{{${f}}}`).join(', ')} or {{matches.NAME}} for a named capture of cmdline`,
        });
      }
    }
    if ((group.min_count !== undefined || group.max_count !== undefined) && templated) {
      ctx.addIssue({
        code: 'custom',
        path: ['min_count'],
        message: `group "${group.name}": a watched group (min_count, max_count) needs a fixed name, not a template`,
      });
    }
    if (
      group.min_count !== undefined &&
      group.max_count !== undefined &&
      group.max_count < group.min_count
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['max_count'],
        message: `group "${group.name}": max_count is below min_count`,
      });
    }
  });

const hostPort = z
  .string()
  .regex(/^(\[[^\]]+\]|[^:\s]+):\d{1,5}$/, 'expected host:port such as 127.0.0.1:5432 or [::1]:80');

const ports = z.strictObject({
  /** Ports that must be open: vigil_port_expected_up. */
  expected: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        port: z.number().int().min(1).max(65535),
        protocol: z.enum(['tcp', 'udp']).default('tcp'),
        address: z.string().min(1).optional(),
      }),
    )
    .default([]),
  /** TCP connect probes: vigil_probe_success, vigil_probe_duration_seconds. */
  probes: z
    .array(
      z.strictObject({ name: z.string().min(1), target: hostPort, timeout: duration.default(1) }),
    )
    .default([]),
  /** Most listening sockets reported; the rest are counted in vigil_port_dropped_total. */
  max_series: z.number().int().min(1).default(1000),
  /** UDP sockets bound to an ephemeral port are usually clients (DNS lookups), not services. */
  include_ephemeral_udp: z.boolean().default(false),
});

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

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
    paths: z.array(z.string().min(1)).min(1),
    /** Where to start in a file seen for the first time at startup; files created later are read from their start. */
    start_at: z.enum(['end', 'beginning']).default('end'),
    rules: z.array(logRule).min(1),
  })
  .superRefine((source, ctx) => {
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

const logs = z
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
        if (/^(vigil|node)_/.test(rule.metric)) {
          ctx.addIssue({
            code: 'custom',
            path: ['sources', i, 'rules', j, 'metric'],
            message: `metric ${rule.metric}: the vigil_ and node_ prefixes are reserved`,
          });
        }
        metrics.set(rule.metric, `source "${source.name}", rule "${rule.name}"`);
      });
    });
  });

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
      if (/^(vigil|node)_/.test(m.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', i, 'name'],
          message: `target "${a.name}": the vigil_ and node_ prefixes are reserved`,
        });
      }
    });
  });

/** A metric may come from several targets (told apart by the target label), with one type. */
const apis = z.array(api).superRefine((list, ctx) => {
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
});

export const configSchema = z
  .strictObject({
    scrape: z
      .strictObject({
        /** Deadline for each collector within one scrape. */
        timeout: duration.default(5),
      })
      .prefault({}),
    processes: z
      .strictObject({
        /** A group with no members for this long is dropped, with its series. */
        idle_timeout: duration.default(300),
        /** Most groups tracked at once; processes that would form more are counted as dropped. */
        max_groups: z.number().int().min(1).default(1000),
        /** Empty: one group per command name, kernel threads folded into one. */
        groups: z.array(processGroup).default([]),
      })
      .prefault({}),
    ports: ports.prefault({}),
    logs: logs.prefault({}),
    apis: apis.default([]),
    collectors: z
      .strictObject({
        filesystem: filesystem.prefault({}),
        diskstats: diskstats.prefault({}),
        netdev: netdev.prefault({}),
        anomaly: anomaly.prefault({}),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    // A workload signal must name something this configuration defines.
    const groups = new Set(config.processes.groups.map((g) => g.name));
    const rules = new Set(
      config.logs.sources.flatMap((s) => s.rules.map((r) => `${s.name}/${r.name}`)),
    );
    const metrics = new Set(
      config.apis.flatMap((a) => a.metrics.map((m) => `${a.name}/${m.name}`)),
    );
    config.collectors.anomaly.signals.forEach((name, i) => {
      const m = WORKLOAD_SIGNAL.exec(name);
      if (!m) return;
      const [, kind, what] = m as unknown as [string, string, string];
      const known =
        kind === 'process'
          ? groups.has(what)
          : kind === 'log'
            ? rules.has(what)
            : metrics.has(what);
      if (!known)
        ctx.addIssue({
          code: 'custom',
          path: ['collectors', 'anomaly', 'signals', i],
          message: `signal "${name}" names no ${
            kind === 'process'
              ? 'process group with that fixed name'
              : kind === 'log'
                ? 'log source/rule'
                : 'API target/metric'
          } in this configuration`,
        });
    });
  });

export type VigilConfig = z.output<typeof configSchema>;

/** The configuration used when no file is given. */
export function defaultConfig(): VigilConfig {
  return configSchema.parse({});
}
