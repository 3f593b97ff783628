import { goFloat, goUint } from './go-numbers.js';
import { ParseError } from './parse-error.js';

/** One `key:value` of /proc/drbd (DRBD 8.x), attributed to the device listed before it. */
export type DrbdField =
  | {
      readonly device: string;
      readonly kind: 'number';
      readonly key: string;
      readonly value: number;
    }
  | {
      readonly device: string;
      readonly kind: 'pair';
      readonly key: string;
      readonly local: string;
      readonly remote: string;
    }
  | { readonly device: string; readonly kind: 'connection'; readonly state: string };

/** The numeric keys node_exporter 1.5 reads (ns, nr, dw, ...); other keys are skipped. */
export const DRBD_NUMBER_KEYS: ReadonlySet<string> = new Set([
  'ns',
  'nr',
  'dw',
  'dr',
  'al',
  'bm',
  'lo',
  'pe',
  'ua',
  'ap',
  'ep',
  'oos',
]);

/** The `local/remote` keys: role and disk state. */
export const DRBD_PAIR_KEYS: ReadonlySet<string> = new Set(['ro', 'ds']);

/**
 * Parse /proc/drbd as node_exporter 1.5 does: every whitespace-separated word of the form
 * `key:value`; `<n>:` (an empty value) starts device `drbd<n>`; words before the first device
 * belong to `unknown`. Words without exactly one colon and unknown keys are skipped.
 */
export function parseDrbd(text: string): DrbdField[] {
  const out: DrbdField[] = [];
  let device = 'unknown';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    for (const word of (lines[i] as string).split(/\s+/)) {
      if (word === '') continue;
      const kv = word.split(':');
      if (kv.length !== 2) continue;
      const [key = '', value = ''] = kv;
      const id = goUint(key, 10, 64);
      if (id !== null && value === '') {
        device = `drbd${BigInt(key)}`;
        continue;
      }
      if (DRBD_NUMBER_KEYS.has(key)) {
        const n = goFloat(value);
        if (n === null) throw new ParseError(`${key}: expected a number, got "${value}"`, lineNo);
        out.push({ device, kind: 'number', key, value: n });
      } else if (DRBD_PAIR_KEYS.has(key)) {
        const parts = value.split('/');
        if (parts.length < 2)
          throw new ParseError(`${key}: expected "local/remote", got "${value}"`, lineNo);
        out.push({
          device,
          kind: 'pair',
          key,
          local: parts[0] as string,
          remote: parts[1] as string,
        });
      } else if (key === 'cs') {
        out.push({ device, kind: 'connection', state: value });
      }
    }
  }
  return out;
}
