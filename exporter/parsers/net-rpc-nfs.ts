import { goUint } from './go-numbers.js';
import { ParseError } from './parse-error.js';

/**
 * /proc/net/rpc/nfs (the NFS client's RPC statistics) and /proc/net/rpc/nfsd (the server's),
 * read as node_exporter 1.5 reads them (procfs' nfs package): each line is a key and unsigned
 * decimal counters; an unknown key, a line without values, or a line whose count disagrees
 * with its values is malformed. A line that is absent leaves its counters at zero.
 */

/** One procedure's call count, under the method name node_exporter uses as a label. */
export interface NfsProcedure {
  readonly method: string;
  readonly value: number;
}

export interface NfsNetwork {
  /** UDP packets (sent and received). */
  readonly udp: number;
  /** TCP packets (sent and received). */
  readonly tcp: number;
  /** TCP connections made. */
  readonly tcpConnections: number;
}

export interface NfsClientStats {
  readonly network: NfsNetwork;
  readonly rpcCalls: number;
  readonly rpcRetransmissions: number;
  readonly rpcAuthRefreshes: number;
  /** Procedure counts by protocol version, in node_exporter's field order. */
  readonly v2: readonly NfsProcedure[];
  readonly v3: readonly NfsProcedure[];
  readonly v4: readonly NfsProcedure[];
}

export interface NfsServerStats {
  readonly replyCacheHits: number;
  readonly replyCacheMisses: number;
  readonly replyCacheNoCache: number;
  readonly fileHandlesStale: number;
  /** Bytes read from and written to disk. */
  readonly ioRead: number;
  readonly ioWrite: number;
  readonly threads: number;
  /** Read-ahead cache size in blocks, and lookups not found in it. */
  readonly readAheadCacheSize: number;
  readonly readAheadNotFound: number;
  readonly network: NfsNetwork;
  readonly rpcCalls: number;
  readonly rpcBadFormat: number;
  readonly rpcBadAuth: number;
  readonly rpcBadClient: number;
  readonly v2: readonly NfsProcedure[];
  readonly v3: readonly NfsProcedure[];
  /** The NFSv4 operations node_exporter 1.5 exposes (not every column of proc4ops). */
  readonly v4: readonly NfsProcedure[];
}

const V2_PROCEDURES = [
  'Null',
  'GetAttr',
  'SetAttr',
  'Root',
  'Lookup',
  'ReadLink',
  'Read',
  'WrCache',
  'Write',
  'Create',
  'Remove',
  'Rename',
  'Link',
  'SymLink',
  'MkDir',
  'RmDir',
  'ReadDir',
  'FsStat',
] as const;

const V3_PROCEDURES = [
  'Null',
  'GetAttr',
  'SetAttr',
  'Lookup',
  'Access',
  'ReadLink',
  'Read',
  'Write',
  'Create',
  'MkDir',
  'SymLink',
  'MkNod',
  'Remove',
  'RmDir',
  'Rename',
  'Link',
  'ReadDir',
  'ReadDirPlus',
  'FsStat',
  'FsInfo',
  'PathConf',
  'Commit',
] as const;

/** The client's proc4 columns (59; older kernels print fewer, the rest read as zero). */
const CLIENT_V4_PROCEDURES = [
  'Null',
  'Read',
  'Write',
  'Commit',
  'Open',
  'OpenConfirm',
  'OpenNoattr',
  'OpenDowngrade',
  'Close',
  'Setattr',
  'FsInfo',
  'Renew',
  'SetClientID',
  'SetClientIDConfirm',
  'Lock',
  'Lockt',
  'Locku',
  'Access',
  'Getattr',
  'Lookup',
  'LookupRoot',
  'Remove',
  'Rename',
  'Link',
  'Symlink',
  'Create',
  'Pathconf',
  'StatFs',
  'ReadLink',
  'ReadDir',
  'ServerCaps',
  'DelegReturn',
  'GetACL',
  'SetACL',
  'FsLocations',
  'ReleaseLockowner',
  'Secinfo',
  'FsidPresent',
  'ExchangeID',
  'CreateSession',
  'DestroySession',
  'Sequence',
  'GetLeaseTime',
  'ReclaimComplete',
  'LayoutGet',
  'GetDeviceInfo',
  'LayoutCommit',
  'LayoutReturn',
  'SecinfoNoName',
  'TestStateID',
  'FreeStateID',
  'GetDeviceList',
  'BindConnToSession',
  'DestroyClientID',
  'Seek',
  'Allocate',
  'DeAllocate',
  'LayoutStats',
  'Clone',
] as const;

/**
 * The server's proc4ops columns as node_exporter 1.5 names them, null for those it does not
 * expose; columns past these are not read.
 */
const SERVER_V4_OPS: readonly (string | null)[] = [
  null, // op 0, unused
  null, // op 1, unused
  null, // op 2, future
  'Access',
  'Close',
  'Commit',
  'Create',
  'DelegPurge',
  'DelegReturn',
  'GetAttr',
  'GetFH',
  'Link',
  'Lock',
  'Lockt',
  'Locku',
  'Lookup',
  'LookupRoot',
  'Nverify',
  'Open',
  'OpenAttr',
  'OpenConfirm',
  'OpenDgrd',
  'PutFH',
  null, // PutPubFH
  null, // PutRootFH
  'Read',
  'ReadDir',
  'ReadLink',
  'Remove',
  'Rename',
  'Renew',
  'RestoreFH',
  'SaveFH',
  'SecInfo',
  'SetAttr',
  // procfs 0.8 (node_exporter 1.5) reads the columns from here on as if SetClientID and
  // SetClientIDConfirm were not there: Verify is read from SetClientID's column, and so on.
  'Verify',
  'Write',
  'RelLockOwner',
];

interface Line {
  readonly key: string;
  readonly values: readonly number[];
  readonly lineNo: number;
}

/** Split the file into keyed lines of unsigned counters; `th` keeps only its first two values. */
function* keyedLines(text: string, what: string): Generator<Line> {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const parts = (lines[i] as string).trim().split(/\s+/).filter(Boolean);
    if (parts.length < 2)
      throw new ParseError(`invalid ${what} line: expected a key and values`, lineNo);
    const key = parts[0] as string;
    let raw = parts.slice(1);
    if (key === 'th' && what === 'NFSd') {
      if (parts.length < 3) throw new ParseError('th: expected at least 2 values', lineNo);
      // The rest of the line is the obsolete busy-time histogram, in floats.
      raw = parts.slice(1, 3);
    }
    const values = raw.map((text) => {
      const value = goUint(text, 10, 64);
      if (value === null)
        throw new ParseError(`${key}: expected an unsigned integer, got "${text}"`, lineNo);
      return value;
    });
    yield { key, values, lineNo };
  }
}

function expectCount({ key, values, lineNo }: Line, count: number): readonly number[] {
  if (values.length !== count)
    throw new ParseError(`${key}: expected ${count} values, got ${values.length}`, lineNo);
  return values;
}

/** A proc<N> line: a count, then that many values (at least `min`). */
function counted({ key, values, lineNo }: Line, min: number): readonly number[] {
  const declared = values[0] as number;
  const rest = values.slice(1);
  if (rest.length !== declared || declared < min)
    throw new ParseError(
      `${key}: declares ${declared} values, has ${rest.length} (at least ${min} expected)`,
      lineNo,
    );
  return rest;
}

function procedures(names: readonly (string | null)[], values: readonly number[]): NfsProcedure[] {
  const out: NfsProcedure[] = [];
  names.forEach((method, i) => {
    if (method !== null) out.push({ method, value: values[i] ?? 0 });
  });
  return out;
}

/** node_exporter 1.5 does not expose the server's Null procedure counts. */
function withoutNull(procs: NfsProcedure[]): NfsProcedure[] {
  return procs.filter((p) => p.method !== 'Null');
}

const NO_NETWORK: NfsNetwork = { udp: 0, tcp: 0, tcpConnections: 0 };

function network(line: Line): NfsNetwork {
  const [, udp, tcp, tcpConnections] = expectCount(line, 4) as number[];
  return { udp: udp as number, tcp: tcp as number, tcpConnections: tcpConnections as number };
}

/** Parse /proc/net/rpc/nfs, the NFS client's statistics. */
export function parseNfsClient(text: string): NfsClientStats {
  let net = NO_NETWORK;
  let rpc: readonly number[] = [0, 0, 0];
  let v2: readonly number[] = [];
  let v3: readonly number[] = [];
  let v4: readonly number[] = [];
  for (const line of keyedLines(text, 'NFS')) {
    switch (line.key) {
      case 'net':
        net = network(line);
        break;
      case 'rpc':
        rpc = expectCount(line, 3);
        break;
      case 'proc2':
        v2 = counted(line, 18);
        break;
      case 'proc3':
        v3 = counted(line, 22);
        break;
      case 'proc4':
        v4 = counted(line, 0);
        break;
      default:
        throw new ParseError(`unknown NFS line "${line.key}"`, line.lineNo);
    }
  }
  return {
    network: net,
    rpcCalls: rpc[0] as number,
    rpcRetransmissions: rpc[1] as number,
    rpcAuthRefreshes: rpc[2] as number,
    v2: procedures(V2_PROCEDURES, v2),
    v3: procedures(V3_PROCEDURES, v3),
    v4: procedures(CLIENT_V4_PROCEDURES, v4),
  };
}

/** Parse /proc/net/rpc/nfsd, the NFS server's statistics. */
export function parseNfsServer(text: string): NfsServerStats {
  let rc: readonly number[] = [0, 0, 0];
  let fh: readonly number[] = [0];
  let io: readonly number[] = [0, 0];
  let th: readonly number[] = [0];
  let ra: readonly number[] = [];
  let net = NO_NETWORK;
  let rpc: readonly number[] = [0, 0, 0, 0, 0];
  let v2: readonly number[] = [];
  let v3: readonly number[] = [];
  let v4ops: readonly number[] = [];
  for (const line of keyedLines(text, 'NFSd')) {
    switch (line.key) {
      case 'rc':
        rc = expectCount(line, 3);
        break;
      case 'fh':
        fh = expectCount(line, 5);
        break;
      case 'io':
        io = expectCount(line, 2);
        break;
      case 'th':
        th = expectCount(line, 2);
        break;
      case 'ra':
        ra = expectCount(line, 12);
        break;
      case 'net':
        net = network(line);
        break;
      case 'rpc':
        rpc = expectCount(line, 5);
        break;
      case 'proc2':
        v2 = counted(line, 18);
        break;
      case 'proc3':
        v3 = counted(line, 22);
        break;
      case 'proc4': {
        const ops = counted(line, 2);
        if (ops.length !== 2)
          throw new ParseError(`proc4: expected 2 values, got ${ops.length}`, line.lineNo);
        break;
      }
      case 'proc4ops':
        v4ops = counted(line, 39);
        break;
      default:
        throw new ParseError(`unknown NFSd line "${line.key}"`, line.lineNo);
    }
  }
  return {
    replyCacheHits: rc[0] as number,
    replyCacheMisses: rc[1] as number,
    replyCacheNoCache: rc[2] as number,
    fileHandlesStale: fh[0] as number,
    ioRead: io[0] as number,
    ioWrite: io[1] as number,
    threads: th[0] as number,
    readAheadCacheSize: ra[0] ?? 0,
    readAheadNotFound: ra[11] ?? 0,
    network: net,
    rpcCalls: rpc[0] as number,
    rpcBadFormat: rpc[2] as number,
    rpcBadAuth: rpc[3] as number,
    rpcBadClient: rpc[4] as number,
    v2: withoutNull(procedures(V2_PROCEDURES, v2)),
    v3: withoutNull(procedures(V3_PROCEDURES, v3)),
    v4: procedures(SERVER_V4_OPS, v4ops),
  };
}
