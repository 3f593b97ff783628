import { readFile } from 'node:fs/promises';
import type * as z from 'zod';

/**
 * A config is parsed at start and on reload only: compiling a fast path for each object schema
 * (zod's default) costs more than it saves for a single parse, some 10 ms of the start. Asked
 * of each parse, since `z.config` reaches only the schemas built after it runs.
 */
export const ONE_PARSE = { jitless: true } as const;

/** One thing wrong in a config file, located as precisely as the YAML allows. */
export interface ConfigProblem {
  readonly line?: number;
  readonly column?: number;
  /** Dotted key path, e.g. `collectors.filesystem.statfs_timeout`; empty for the document. */
  readonly path: string;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `config file ${file} is invalid:\n${problems
        .map((p) => {
          const where = p.line ? `${file}:${p.line}:${p.column ?? 1}` : file;
          return `  ${where}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
        })
        .join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

function dotted(path: readonly PropertyKey[]): string {
  return path
    .map((k) => (typeof k === 'number' ? `[${k}]` : String(k)))
    .join('.')
    .replaceAll('.[', '[');
}

function describeIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  if (issue.code === 'unrecognized_keys') {
    // Point at the first unknown key itself, which is what the user has to fix.
    const key = issue.keys[0] as string;
    const others = issue.keys.length > 1 ? ` (and ${issue.keys.slice(1).join(', ')})` : '';
    return { path: [...issue.path, key], message: `unknown key${others}` };
  }
  return { path: [...issue.path], message: issue.message };
}

/** A value set from outside the file (a flag), at a key path; it wins over the file's. */
export interface Override {
  readonly path: readonly string[];
  readonly value: unknown;
}

function applyOverride(data: unknown, { path, value }: Override): void {
  let node = data as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    // A key the file does not have is made; one that is not a mapping is left for the schema
    // to report.
    if (node[key] === undefined) node[key] = {};
    const next = node[key];
    if (next === null || typeof next !== 'object') return;
    node = next as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/** Where a key path sits in the file: its line and column, if the file has it. */
export type Locate = (
  path: readonly PropertyKey[],
  key: boolean,
) => { line: number; column: number } | undefined;

/**
 * Apply the flags' overrides to parsed data and validate it against a schema; throws
 * ConfigError naming file, line (through `locate`), key and expectation.
 */
export function validate<S extends z.ZodType>(
  data: unknown,
  file: string,
  schema: S,
  overrides: readonly Override[] = [],
  locate: Locate = () => undefined,
): z.output<S> {
  if (overrides.length > 0 && (data === null || typeof data !== 'object'))
    throw new ConfigError(file, [{ path: '', message: 'expected a mapping of sections' }]);
  for (const o of overrides) applyOverride(data, o);
  const result = schema.safeParse(data, ONE_PARSE);
  if (result.success) return result.data;
  throw new ConfigError(
    file,
    result.error.issues.map((issue) => {
      const { path, message } = describeIssue(issue);
      // The deepest part of the path that the file has gives the line.
      for (let depth = path.length; depth >= 0; depth--) {
        // For an unknown key, point at the key rather than its value.
        const pos = locate(
          path.slice(0, depth),
          issue.code === 'unrecognized_keys' && depth === path.length,
        );
        if (pos) return { ...pos, path: dotted(path), message };
      }
      return { path: dotted(path), message };
    }),
  );
}

/** Read a file for a config loader; a missing or unreadable file is a ConfigError. */
export async function readConfigText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new ConfigError(file, [{ path: '', message: `cannot read: ${reason}` }]);
  }
}
