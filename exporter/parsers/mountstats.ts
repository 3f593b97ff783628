import { goInt64, goUintBig } from './go-numbers.js';
import { goFields } from './go-strings.js';
import { ParseError } from './parse-error.js';

/**
 * /proc/<pid>/mountstats and the `addr` of each /proc/<pid>/mountinfo line, as node_exporter
 * 1.5 reads them (procfs 0.8): every `device` entry is a mount, and those of fstype nfs or
 * nfs4 with statistics carry NFS counters. Counters are exact bigints (uint64 in the kernel);
 * the collector rounds them to float64 as Go's float64(uint64) does.
 */

export interface NfsBytes {
  readonly read: bigint;
  readonly write: bigint;
  readonly directRead: bigint;
  readonly directWrite: bigint;
  readonly readTotal: bigint;
  readonly writeTotal: bigint;
  readonly readPages: bigint;
  readonly writePages: bigint;
}

/** The `events:` line's 27 counters, by their procfs names. */
export const NFS_EVENT_NAMES = [
  'inodeRevalidate',
  'dnodeRevalidate',
  'dataInvalidate',
  'attributeInvalidate',
  'vfsOpen',
  'vfsLookup',
  'vfsAccess',
  'vfsUpdatePage',
  'vfsReadPage',
  'vfsReadPages',
  'vfsWritePage',
  'vfsWritePages',
  'vfsGetdents',
  'vfsSetattr',
  'vfsFlush',
  'vfsFsync',
  'vfsLock',
  'vfsFileRelease',
  'congestionWait',
  'truncation',
  'writeExtension',
  'sillyRename',
  'shortRead',
  'shortWrite',
  'jukeboxDelay',
  'pnfsRead',
  'pnfsWrite',
] as const;

export type NfsEventName = (typeof NFS_EVENT_NAMES)[number];
export type NfsEvents = Readonly<Record<NfsEventName, bigint>>;

export interface NfsOperation {
  readonly operation: string;
  readonly requests: bigint;
  readonly transmissions: bigint;
  readonly majorTimeouts: bigint;
  readonly bytesSent: bigint;
  readonly bytesReceived: bigint;
  readonly queueMilliseconds: bigint;
  readonly responseMilliseconds: bigint;
  readonly requestMilliseconds: bigint;
}

export interface NfsTransport {
  /** `tcp` or `udp`; empty when the entry has no `xprt:` line. */
  readonly protocol: string;
  readonly port: bigint;
  readonly bind: bigint;
  readonly connect: bigint;
  readonly connectIdleTime: bigint;
  readonly idleTimeSeconds: bigint;
  readonly sends: bigint;
  readonly receives: bigint;
  readonly badTransactionIds: bigint;
  readonly cumulativeActiveRequests: bigint;
  readonly cumulativeBacklog: bigint;
  readonly maximumRpcSlotsUsed: bigint;
  readonly cumulativeSendingQueue: bigint;
  readonly cumulativePendingQueue: bigint;
}

export interface NfsStats {
  readonly statVersion: string;
  /** `age:`, in seconds (Go's Duration.Seconds of the parsed duration). */
  readonly ageSeconds: number;
  readonly bytes: NfsBytes;
  readonly events: NfsEvents;
  readonly operations: readonly NfsOperation[];
  readonly transport: NfsTransport;
}

export interface MountStatsEntry {
  readonly device: string;
  readonly mountPoint: string;
  readonly fsType: string;
  /** NFS statistics; null for a mount without them. */
  readonly nfs: NfsStats | null;
}

const TRANSPORT_FIELDS: Record<string, Record<string, number>> = {
  '1.0': { tcp: 10, udp: 7 },
  '1.1': { tcp: 13, udp: 10 },
};

/** Lines as Go's bufio.Scanner gives them: split on \n, a trailing \r dropped. */
function scanLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function uints(fields: readonly string[], what: string, lineNo: number): bigint[] {
  return fields.map((f) => {
    const n = goUintBig(f, 10, 64);
    if (n === null)
      throw new ParseError(`${what}: expected an unsigned integer, got "${f}"`, lineNo);
    return n;
  });
}

/** Seconds of Go's time.ParseDuration(`${text}s`) for a plain (possibly fractional) number. */
function ageSeconds(text: string, lineNo: number): number {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(text);
  const whole = m?.[2] ?? '';
  const frac = m?.[3] ?? '';
  if (!m || (whole === '' && frac === '')) throw new ParseError(`age: invalid "${text}"`, lineNo);
  const wholeNs = BigInt(whole || '0') * 1_000_000_000n;
  const fracNs = BigInt(`${frac.slice(0, 9).padEnd(9, '0')}`);
  let ns = wholeNs + fracNs;
  if (ns > (1n << 63n) - 1n) throw new ParseError(`age: out of range "${text}"`, lineNo);
  if (m[1] === '-') ns = -ns;
  const sec = ns / 1_000_000_000n;
  const rest = ns % 1_000_000_000n;
  return Number(sec) + Number(rest) / 1e9;
}

function transport(fields: readonly string[], version: string, lineNo: number): NfsTransport {
  const protocol = fields[0] as string;
  const values = fields.slice(1);
  const lengths = TRANSPORT_FIELDS[version];
  if (!lengths)
    throw new ParseError(`unrecognized NFS transport stats version "${version}"`, lineNo);
  const expected = lengths[protocol];
  if (expected === undefined)
    throw new ParseError(`invalid NFS protocol "${protocol}" in stats ${version}`, lineNo);
  if (values.length !== expected)
    throw new ParseError(
      `NFS transport stats ${version} ${protocol}: expected ${expected} values, got ${values.length}`,
      lineNo,
    );
  let ns = uints(values, 'xprt', lineNo);
  while (ns.length < 13) ns.push(0n);
  // udp has no connect count, connect idle time or idle time: procfs puts zeros there.
  if (protocol === 'udp') ns = [...ns.slice(0, 2), 0n, 0n, 0n, ...ns.slice(2)];
  const at = (i: number) => ns[i] as bigint;
  return {
    protocol,
    port: at(0),
    bind: at(1),
    connect: at(2),
    connectIdleTime: at(3),
    idleTimeSeconds: at(4),
    sends: at(5),
    receives: at(6),
    badTransactionIds: at(7),
    cumulativeActiveRequests: at(8),
    cumulativeBacklog: at(9),
    maximumRpcSlotsUsed: at(10),
    cumulativeSendingQueue: at(11),
    cumulativePendingQueue: at(12),
  };
}

const ZERO_TRANSPORT: NfsTransport = transportZero();
function transportZero(): NfsTransport {
  return {
    protocol: '',
    port: 0n,
    bind: 0n,
    connect: 0n,
    connectIdleTime: 0n,
    idleTimeSeconds: 0n,
    sends: 0n,
    receives: 0n,
    badTransactionIds: 0n,
    cumulativeActiveRequests: 0n,
    cumulativeBacklog: 0n,
    maximumRpcSlotsUsed: 0n,
    cumulativeSendingQueue: 0n,
    cumulativePendingQueue: 0n,
  };
}

const ZERO_BYTES: NfsBytes = {
  read: 0n,
  write: 0n,
  directRead: 0n,
  directWrite: 0n,
  readTotal: 0n,
  writeTotal: 0n,
  readPages: 0n,
  writePages: 0n,
};

const ZERO_EVENTS = Object.fromEntries(NFS_EVENT_NAMES.map((n) => [n, 0n])) as NfsEvents;

/** Parse /proc/<pid>/mountstats. */
export function parseMountStats(text: string): MountStatsEntry[] {
  const lines = scanLines(text);
  const mounts: MountStatsEntry[] = [];
  let i = 0;
  while (i < lines.length) {
    const lineNo = i + 1;
    const ss = goFields(lines[i] as string);
    i++;
    if (ss[0] !== 'device') continue;
    if (
      ss.length < 8 ||
      ss[2] !== 'mounted' ||
      ss[3] !== 'on' ||
      ss[5] !== 'with' ||
      ss[6] !== 'fstype'
    )
      throw new ParseError(`invalid device entry "${ss.join(' ')}"`, lineNo);
    const device = ss[1] as string;
    const mountPoint = ss[4] as string;
    const fsType = ss[7] as string;
    if (ss.length <= 8) {
      mounts.push({ device, mountPoint, fsType, nfs: null });
      continue;
    }
    if (fsType !== 'nfs' && fsType !== 'nfs4')
      throw new ParseError(`cannot parse mount statistics for fstype "${fsType}"`, lineNo);
    const statVersion = (ss[8] as string).replace(/^statvers=/, '');

    let ageSec = 0;
    let bytes = ZERO_BYTES;
    let events = ZERO_EVENTS;
    let xprt = ZERO_TRANSPORT;
    // The entry's header lines, up to a blank line or "per-op statistics".
    while (i < lines.length) {
      const no = i + 1;
      const f = goFields(lines[i] as string);
      i++;
      if (f.length === 0) break;
      const rest = f.slice(1);
      switch (f[0]) {
        case 'age:':
          if (rest.length < 1) throw new ParseError('age: missing value', no);
          ageSec = ageSeconds(rest[0] as string, no);
          break;
        case 'bytes:': {
          if (rest.length !== 8)
            throw new ParseError(`bytes: expected 8 values, got ${rest.length}`, no);
          const n = uints(rest, 'bytes', no) as [bigint, ...bigint[]];
          const b = (k: number) => n[k] as bigint;
          bytes = {
            read: b(0),
            write: b(1),
            directRead: b(2),
            directWrite: b(3),
            readTotal: b(4),
            writeTotal: b(5),
            readPages: b(6),
            writePages: b(7),
          };
          break;
        }
        case 'events:': {
          if (rest.length !== NFS_EVENT_NAMES.length)
            throw new ParseError(
              `events: expected ${NFS_EVENT_NAMES.length} values, got ${rest.length}`,
              no,
            );
          const n = uints(rest, 'events', no);
          events = Object.fromEntries(NFS_EVENT_NAMES.map((name, k) => [name, n[k]])) as NfsEvents;
          break;
        }
        case 'xprt:':
          if (rest.length < 2) throw new ParseError('xprt: not enough values', no);
          xprt = transport(rest, statVersion, no);
          break;
      }
      if (f[0] === 'per-op') break;
    }
    // Per-operation lines, up to a blank line.
    const operations: NfsOperation[] = [];
    while (i < lines.length) {
      const no = i + 1;
      const f = goFields(lines[i] as string);
      i++;
      if (f.length === 0) break;
      if (f.length < 9)
        throw new ParseError(
          `per-operation statistics: expected 8 values, got ${f.length - 1}`,
          no,
        );
      const n = uints(f.slice(1), 'per-operation statistics', no);
      const v = (k: number) => n[k] as bigint;
      operations.push({
        operation: (f[0] as string).replace(/:$/, ''),
        requests: v(0),
        transmissions: v(1),
        majorTimeouts: v(2),
        bytesSent: v(3),
        bytesReceived: v(4),
        queueMilliseconds: v(5),
        responseMilliseconds: v(6),
        requestMilliseconds: v(7),
      });
    }
    mounts.push({
      device,
      mountPoint,
      fsType,
      nfs: { statVersion, ageSeconds: ageSec, bytes, events, operations, transport: xprt },
    });
  }
  return mounts;
}

/**
 * The `addr` super option of each /proc/<pid>/mountinfo line, in file order (undefined where
 * there is none). Lines are checked as procfs checks them: at least ten space-separated
 * fields, `-` fourth from the end, integer mount and parent IDs.
 */
export function parseMountinfoAddrs(text: string): Array<string | undefined> {
  return scanLines(text).map((line, k) => {
    const f = line.split(' ');
    const n = f.length;
    if (n < 10) throw new ParseError('not enough fields in mountinfo line', k + 1);
    if (f[n - 4] !== '-')
      throw new ParseError(
        `expected "-" as the fourth field from the end, got "${f[n - 4]}"`,
        k + 1,
      );
    if (goInt64(f[0] as string) === null || goInt64(f[1] as string) === null)
      throw new ParseError('mount ID and parent ID must be integers', k + 1);
    let addr: string | undefined;
    for (const opt of (f[n - 1] as string).split(',')) {
      const parts = opt.split('=');
      // A later option of the same name wins; `a=b=c` keeps only `b`.
      if (parts[0] === 'addr') addr = parts.length < 2 ? '' : parts[1];
    }
    return addr;
  });
}
