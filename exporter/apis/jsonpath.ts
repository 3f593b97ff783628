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
