import { createRequire } from 'node:module';

type JSONPathFn = typeof import('jsonpath-plus').JSONPath;

let loaded: JSONPathFn | undefined;

/**
 * jsonpath-plus, loaded on first use: a host with no API targets never pays its memory.
 * Synchronous, because config validation (which checks paths) is synchronous.
 */
function jsonpath(): JSONPathFn {
  loaded ??= (createRequire(import.meta.url)('jsonpath-plus') as typeof import('jsonpath-plus'))
    .JSONPath;
  return loaded;
}

/** Every value the path selects, in document order (none from a reply of `null`). */
export function query(path: string, json: unknown): unknown[] {
  const found: unknown = jsonpath()({ path, json: json as object, wrap: true, eval: 'safe' });
  return Array.isArray(found) ? found : [];
}

/** Why a JSONPath cannot be used, or null. */
export function badPath(path: string): string | null {
  if (!path.startsWith('$')) return 'expected a JSONPath starting with $';
  let depth = 0;
  let quote: string | null = null;
  for (const c of path) {
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    if (depth < 0) return 'unbalanced brackets';
  }
  if (depth !== 0 || quote) return 'unbalanced brackets or quotes';
  try {
    query(path, {});
  } catch (err) {
    return (err as Error).message;
  }
  return null;
}
