import { numberedLines } from './fields.js';
import { ParseError } from './parse-error.js';

/** One protocol line of /proc/net/sockstat{,6}; optional fields are those the line may lack. */
export interface SockstatProtocol {
  /** `TCP`, `UDP6`, `FRAG`... */
  readonly protocol: string;
  /** Sockets in use; 0 when the line does not give it, as in node_exporter. */
  readonly inuse: number;
  readonly orphan?: number;
  /** Sockets in TIME_WAIT. */
  readonly tw?: number;
  readonly alloc?: number;
  /** Memory in pages. */
  readonly mem?: number;
  /** Memory in bytes (FRAG). */
  readonly memory?: number;
}

export interface Sockstat {
  /** `sockets: used N`, present in the IPv4 file only. */
  readonly used?: number;
  readonly protocols: readonly SockstatProtocol[];
}

const OPTIONAL = ['orphan', 'tw', 'alloc', 'mem', 'memory'] as const;

/** Parse /proc/net/sockstat or /proc/net/sockstat6: `PROTO: key value [key value...]` lines. */
export function parseSockstat(text: string): Sockstat {
  let used: number | undefined;
  const protocols: SockstatProtocol[] = [];
  for (const [line, lineNo] of numberedLines(text)) {
    const [label, ...kvs] = line.trim().split(/\s+/);
    if (kvs.length === 0 || kvs.length % 2 !== 0)
      throw new ParseError(`expected "PROTO: key value [key value...]", got "${line}"`, lineNo);
    const values = new Map<string, number>();
    for (let i = 0; i < kvs.length; i += 2) {
      const key = kvs[i] as string;
      const raw = kvs[i + 1] as string;
      if (!/^[+-]?\d+$/.test(raw))
        throw new ParseError(`${key}: expected an integer, got "${raw}"`, lineNo);
      values.set(key, Number(raw));
    }
    const protocol = (label as string).replace(/:$/, '');
    if (protocol === 'sockets') {
      used = values.get('used') ?? 0;
      continue;
    }
    const entry: { -readonly [K in keyof SockstatProtocol]: SockstatProtocol[K] } = {
      protocol,
      inuse: values.get('inuse') ?? 0,
    };
    for (const key of OPTIONAL) {
      const v = values.get(key);
      if (v !== undefined) entry[key] = v;
    }
    protocols.push(entry);
  }
  return used === undefined ? { protocols } : { used, protocols };
}

/** AT_PAGESZ, the auxiliary vector entry giving the kernel's page size. */
const AT_PAGESZ = 6;

/**
 * The page size from a process's auxiliary vector (/proc/self/auxv): pairs of native words,
 * type then value, ended by type 0. Go's os.Getpagesize(), which node_exporter multiplies
 * sockstat's `mem` pages by, is this same value read by the Go runtime at start. Undefined
 * when the vector has no page size.
 */
export function pageSizeFromAuxv(
  auxv: Uint8Array,
  wordBytes: 4 | 8,
  littleEndian: boolean,
): number | undefined {
  const view = new DataView(auxv.buffer, auxv.byteOffset, auxv.byteLength);
  const word = (at: number) =>
    wordBytes === 8
      ? Number(view.getBigUint64(at, littleEndian))
      : view.getUint32(at, littleEndian);
  for (let at = 0; at + 2 * wordBytes <= auxv.byteLength; at += 2 * wordBytes) {
    const type = word(at);
    if (type === 0) break;
    if (type === AT_PAGESZ) {
      const size = word(at + wordBytes);
      return size > 0 ? size : undefined;
    }
  }
  return undefined;
}
