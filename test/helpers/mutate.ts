import fc from 'fast-check';

/** One edit to a text: where (as a fraction of its length) and what. */
type Edit =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicateLine'; at: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });
/** Text that is likely to confuse a parser of /proc files, YAML or JSON. */
const noise = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    ' ',
    '\t',
    '\n',
    ':',
    '-',
    '#',
    '{',
    '}',
    '[',
    ']',
    '"',
    '\0',
    '\uFFFD',
    '-1',
    'NaN',
    '1e309',
    '99999999999999999999',
  ),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.nat(20) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, text: noise }),
  fc.record({ kind: fc.constant('replace' as const), at: position, text: noise }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: position }),
);

function apply(text: string, e: Edit): string {
  const at = Math.floor(e.at * text.length);
  switch (e.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.length);
    case 'insert':
      return text.slice(0, at) + e.text + text.slice(at);
    case 'replace':
      return text.slice(0, at) + e.text + text.slice(at + e.text.length);
    case 'truncate':
      return text.slice(0, at);
    case 'duplicateLine': {
      const start = text.lastIndexOf('\n', at) + 1;
      const end = text.indexOf('\n', at);
      const line = text.slice(start, end < 0 ? text.length : end + 1);
      return text.slice(0, start) + line + text.slice(start);
    }
  }
}

/** A real file's text with one to four random edits. */
export function mutated(text: string): fc.Arbitrary<string> {
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => edits.reduce(apply, text));
}
