import { parseArgs } from 'node:util';
import type { CollectorFlag } from '../core/collector.js';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from '../core/logger.js';
import type { ListenAddress } from '../server/server.js';

/** A process flag, spelled as node_exporter spells it. */
interface FlagSpec {
  readonly name: string;
  readonly type: 'string' | 'boolean';
  readonly default: string | boolean;
  readonly help: string;
}

/** Flags other than the per-collector switches. Each may also come from `VIGIL_<NAME>`. */
export const FLAGS: readonly FlagSpec[] = [
  {
    name: 'web.listen-address',
    type: 'string',
    default: ':9899',
    help: 'Address to listen on, host:port; an empty host listens on every interface.',
  },
  {
    name: 'web.telemetry-path',
    type: 'string',
    default: '/metrics',
    help: 'Path under which to expose metrics.',
  },
  {
    name: 'web.config.file',
    type: 'string',
    default: '',
    help: 'Web configuration file (TLS, client certificates, basic auth; exporter-toolkit format), re-read when it changes.',
  },
  {
    name: 'web.max-requests',
    type: 'string',
    default: '40',
    help: 'Most scrapes served at once; more get 503 at once. 0 means no limit.',
  },
  {
    name: 'web.disable-exporter-metrics',
    type: 'boolean',
    default: false,
    help: "Leave out the exporter's own process_* and nodejs_* metrics.",
  },
  {
    name: 'config.file',
    type: 'string',
    default: '',
    help: 'Path to the YAML configuration file; without it, built-in defaults apply.',
  },
  { name: 'path.procfs', type: 'string', default: '/proc', help: 'procfs mount point.' },
  { name: 'path.sysfs', type: 'string', default: '/sys', help: 'sysfs mount point.' },
  {
    name: 'path.rootfs',
    type: 'string',
    default: '/',
    help: 'Root filesystem mount point (for filesystem and os metrics).',
  },
  {
    name: 'path.udev.data',
    type: 'string',
    default: '',
    help: 'udev database directory (node_disk_info labels); empty means <path.rootfs>/run/udev/data.',
  },
  {
    name: 'log.level',
    type: 'string',
    default: 'info',
    help: `Lowest level logged: ${LOG_LEVELS.join(', ')}.`,
  },
  {
    name: 'log.format',
    type: 'string',
    default: 'logfmt',
    help: `Log line format: ${LOG_FORMATS.join(', ')}.`,
  },
  {
    name: 'collector.disable-defaults',
    type: 'boolean',
    default: false,
    help: 'Turn every collector off unless enabled by its own flag.',
  },
];

export interface Settings {
  readonly listen: ListenAddress;
  readonly telemetryPath: string;
  readonly webConfigFile: string;
  readonly maxRequests: number;
  readonly disableExporterMetrics: boolean;
  readonly configFile: string;
  readonly paths: { procfs: string; sysfs: string; rootfs: string; udevData?: string };
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  /** Names of the collectors to run. */
  readonly collectors: readonly string[];
  /** Collector flags that were given (on the command line or in the environment), by full name. */
  readonly collectorFlags: Readonly<Record<string, string | boolean | readonly string[]>>;
}

export type CliResult =
  | { kind: 'run'; settings: Settings }
  | { kind: 'help'; text: string }
  | { kind: 'version' };

/** A flag or flag value that cannot be used; main prints it and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CollectorSwitch {
  readonly name: string;
  readonly defaultEnabled: boolean;
  readonly description: string;
  readonly flags?: readonly CollectorFlag[];
}

/** `--collector.<collector>.<flag>`, or node_exporter's own prefix where it differs. */
export function collectorFlagName(collector: string, flag: CollectorFlag): string {
  return `collector.${flag.prefix ?? collector}.${flag.name}`;
}

export function envName(flag: string): string {
  return `VIGIL_${flag.toUpperCase().replaceAll(/[.-]/g, '_')}`;
}

export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port > 65535) {
    throw new UsageError(
      `--web.listen-address: expected host:port such as :9899 or 127.0.0.1:9899, got "${text}"`,
    );
  }
  const host = match[1] ?? match[2];
  return { host: host === '' ? undefined : host, port };
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag}: expected one of ${allowed.join(', ')}, got "${value}"`);
}

/** A collector flag's value from the command line, else the environment; undefined if neither. */
function collectorFlag(
  flag: CollectorFlag,
  name: string,
  values: Record<string, string | boolean | string[] | undefined>,
  env: NodeJS.ProcessEnv,
): string | boolean | readonly string[] | undefined {
  const fromEnv = env[envName(name)];
  if (flag.type === 'boolean') {
    if (values[name] && values[`no-${name}`])
      throw new UsageError(`--${name} and --no-${name} were both given`);
    if (values[name]) return true;
    if (values[`no-${name}`]) return false;
    if (fromEnv === undefined) return undefined;
    if (/^(1|true|yes)$/i.test(fromEnv)) return true;
    if (/^(0|false|no|)$/i.test(fromEnv)) return false;
    throw new UsageError(`${envName(name)}: expected true or false, got "${fromEnv}"`);
  }
  if (flag.type === 'list') {
    const list = values[name] as string[] | undefined;
    return list ?? (fromEnv === undefined ? undefined : [fromEnv]);
  }
  const value = (values[name] as string | undefined) ?? fromEnv;
  if (value !== undefined && flag.type === 'pattern') {
    try {
      new RegExp(value);
    } catch (err) {
      throw new UsageError(`--${name}: expected a regular expression: ${(err as Error).message}`);
    }
  }
  return value;
}

export function helpText(collectors: readonly CollectorSwitch[]): string {
  const lines = ['Usage: vigil [flags]', '', 'Flags:'];
  for (const f of FLAGS) {
    const arg = f.type === 'string' ? `=${JSON.stringify(f.default)}` : '';
    lines.push(`  --${f.name}${arg}`, `      ${f.help} (env ${envName(f.name)})`);
  }
  lines.push(
    '  --help',
    '      Show this help.',
    '  --version',
    '      Show the version.',
    '',
    'Collectors:',
  );
  for (const c of collectors) {
    lines.push(
      `  --[no-]collector.${c.name}`,
      `      ${c.description} (default: ${c.defaultEnabled ? 'on' : 'off'})`,
    );
    for (const f of c.flags ?? []) {
      const name = collectorFlagName(c.name, f);
      const usage =
        f.type === 'boolean'
          ? `  --[no-]${name}`
          : f.type === 'list'
            ? `  --${name}=... (repeatable)`
            : `  --${name}=${JSON.stringify(f.default)}`;
      lines.push(usage, `      ${f.help} (env ${envName(name)})`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Parse argv (without node and script) and the environment into settings. */
export function parseCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  collectors: readonly CollectorSwitch[],
): CliResult {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {
    help: { type: 'boolean' },
    version: { type: 'boolean' },
  };
  for (const f of FLAGS) options[f.name] = { type: f.type };
  for (const c of collectors) {
    options[`collector.${c.name}`] = { type: 'boolean' };
    options[`no-collector.${c.name}`] = { type: 'boolean' };
    for (const f of c.flags ?? []) {
      const name = collectorFlagName(c.name, f);
      if (f.type === 'boolean') {
        options[name] = { type: 'boolean' };
        options[`no-${name}`] = { type: 'boolean' };
      } else options[name] = { type: 'string', multiple: f.type === 'list' };
    }
  }

  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: false,
    }) as {
      values: Record<string, string | boolean | string[] | undefined>;
    });
  } catch (err) {
    const message = (err as Error).message.split('. ')[0] ?? '';
    throw new UsageError(
      `${message.replace(/^Unknown option/, 'unknown flag')} (see vigil --help)`,
    );
  }
  if (values.help) return { kind: 'help', text: helpText(collectors) };
  if (values.version) return { kind: 'version' };

  const get = (name: string): string | boolean => {
    const spec = FLAGS.find((f) => f.name === name);
    if (!spec) throw new Error(`no such flag ${name}`);
    const fromFlag = values[name] as string | boolean | undefined;
    if (fromFlag !== undefined) return fromFlag;
    const fromEnv = env[envName(name)];
    if (fromEnv !== undefined) {
      if (spec.type === 'string') return fromEnv;
      if (/^(1|true|yes)$/i.test(fromEnv)) return true;
      if (/^(0|false|no|)$/i.test(fromEnv)) return false;
      throw new UsageError(`${envName(name)}: expected true or false, got "${fromEnv}"`);
    }
    return spec.default;
  };
  const str = (name: string) => String(get(name));

  const maxRequests = Number(str('web.max-requests'));
  if (!Number.isInteger(maxRequests) || maxRequests < 0) {
    throw new UsageError(
      `--web.max-requests: expected a whole number >= 0, got "${str('web.max-requests')}"`,
    );
  }
  const telemetryPath = str('web.telemetry-path');
  if (!telemetryPath.startsWith('/') || telemetryPath === '/') {
    throw new UsageError(
      `--web.telemetry-path: expected a path such as /metrics, got "${telemetryPath}"`,
    );
  }

  const disableDefaults = get('collector.disable-defaults') === true;
  const enabled = collectors
    .filter((c) => {
      if (values[`collector.${c.name}`] && values[`no-collector.${c.name}`]) {
        throw new UsageError(`--collector.${c.name} and --no-collector.${c.name} were both given`);
      }
      if (values[`collector.${c.name}`]) return true;
      if (values[`no-collector.${c.name}`]) return false;
      return c.defaultEnabled && !disableDefaults;
    })
    .map((c) => c.name);

  const collectorFlags: Record<string, string | boolean | readonly string[]> = {};
  for (const c of collectors) {
    for (const f of c.flags ?? []) {
      const name = collectorFlagName(c.name, f);
      const value = collectorFlag(f, name, values, env);
      if (value !== undefined) collectorFlags[name] = value;
    }
  }

  return {
    kind: 'run',
    settings: {
      listen: parseListenAddress(str('web.listen-address')),
      telemetryPath,
      webConfigFile: str('web.config.file'),
      maxRequests,
      disableExporterMetrics: get('web.disable-exporter-metrics') === true,
      configFile: str('config.file'),
      paths: {
        procfs: str('path.procfs'),
        sysfs: str('path.sysfs'),
        rootfs: str('path.rootfs'),
        ...(str('path.udev.data') ? { udevData: str('path.udev.data') } : {}),
      },
      logLevel: oneOf('log.level', str('log.level'), LOG_LEVELS),
      logFormat: oneOf('log.format', str('log.format'), LOG_FORMATS),
      collectors: enabled,
      collectorFlags,
    },
  };
}
