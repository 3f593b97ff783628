/**
 * Structured logging in node_exporter's shape: logfmt (`ts=… level=info msg="…" key=value`)
 * or one JSON object per line, to stderr.
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['logfmt', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds these fields to every line. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  write?: (line: string) => void;
  now?: () => Date;
}

function fieldText(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function logfmtValue(value: unknown): string {
  const text = fieldText(value);
  if (text !== '' && !/[\s="\\]/.test(text)) return text;
  return JSON.stringify(text);
}

export function formatLine(
  format: LogFormat,
  ts: Date,
  level: LogLevel,
  msg: string,
  fields: LogFields,
): string {
  if (format === 'json') {
    const record: LogFields = { ts: ts.toISOString(), level, msg };
    for (const [k, v] of Object.entries(fields)) record[k] = v instanceof Error ? v.message : v;
    return JSON.stringify(record);
  }
  let line = `ts=${ts.toISOString()} level=${level} msg=${logfmtValue(msg)}`;
  for (const [k, v] of Object.entries(fields)) line += ` ${k}=${logfmtValue(v)}`;
  return line;
}

export function createLogger(options: LoggerOptions, bound: LogFields = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const log = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    write(formatLine(options.format, now(), level, msg, { ...bound, ...fields }));
  };
  return {
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

/** For tests and library use: drops everything. */
export const silentLogger: Logger = createLogger({
  level: 'error',
  format: 'logfmt',
  write: () => {},
});
