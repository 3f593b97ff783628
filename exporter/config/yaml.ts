import { type Document, isNode, LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod';
import { ConfigError, type Locate, type Override, validate } from './validate.js';

/**
 * Parse YAML text against a schema; throws ConfigError naming file, line, key and expectation.
 * The YAML library is loaded only where a file is read, not by a start with flags alone.
 */
export function parseYaml<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  overrides: readonly Override[] = [],
): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return {
          line: pos?.line,
          column: pos?.col,
          path: '',
          message: (e.message.split('\n')[0] ?? e.message).replace(
            / at line \d+, column \d+:?$/,
            '',
          ),
        };
      }),
    );
  }
  let data: unknown;
  try {
    // Aliases are resolved here: an alias to an anchor not yet set fails only now.
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    throw new ConfigError(file, [{ path: '', message: (err as Error).message }]);
  }
  const locate: Locate = (path, key) => {
    const node = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
    const target = (key ? findKey(doc, path) : undefined) ?? node;
    if (!isNode(target) || !target.range) return undefined;
    const pos = lineCounter.linePos(target.range[0]);
    return { line: pos.line, column: pos.col };
  };
  return validate(data, file, schema, overrides, locate);
}

function findKey(doc: Document, path: readonly PropertyKey[]): unknown {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1) as unknown[], true);
  if (parent && typeof parent === 'object' && 'items' in parent && Array.isArray(parent.items)) {
    const pair = parent.items.find(
      (item: { key?: { value?: unknown } }) => item.key?.value === path[path.length - 1],
    );
    return pair?.key;
  }
  return undefined;
}
