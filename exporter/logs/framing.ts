import { type LinesHandler, oneLine } from './lines.js';

/** How a log file frames its lines: as written, or by a container runtime. */
export type LogFormat = 'plain' | 'docker' | 'cri';

type Stream = 'stdout' | 'stderr';

/** One line of a container log: a message, or a piece of one when `last` is false. */
interface Frame {
  readonly stream: Stream;
  readonly text: string;
  readonly last: boolean;
}

const TIME = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)`;
const RFC3339 = new RegExp(`^${TIME}$`);
/**
 * `<time> <stream> <P|F> ` before the message, matched where a line starts in a block of
 * lines (sticky); containerd writes the space before an empty message, others may not. No
 * captures: the stream and the tag are read at their places after the match, which spares a
 * match array and two strings a line.
 */
const CRI_PREFIX = new RegExp(`${TIME} std(?:out|err) [PF](?: |(?=\n)|$)`, 'y');
const SPACE = 0x20;
const LOWER_T = 0x74;
const UPPER_F = 0x46;
/**
 * A line as Docker's json-file driver writes it, `log` still escaped and without the
 * escaped final newline (a `\n` right before the closing quote), which is captured apart.
 * Lines with other fields (attrs) or in another order take JSON.parse.
 */
const DOCKER_LINE = new RegExp(
  String.raw`^\{"log":"([^"\\\x00-\x1f]*(?:\\(?:[^n]|n(?!"))[^"\\\x00-\x1f]*)*)(\\n)?",` +
    String.raw`"stream":"(stdout|stderr)","time":"${TIME}"\}$`,
);

function isStream(value: unknown): value is Stream {
  return value === 'stdout' || value === 'stderr';
}

/**
 * A `log` that ended in a newline is a whole message (or the last piece of one); without
 * it, a piece of a longer message. "\r\n" ends a message too, as it does for CRI runtimes.
 */
function dockerFrame(stream: Stream, log: string, last: boolean): Frame {
  if (!last) return { stream, text: log, last };
  return { stream, text: log.endsWith('\r') ? log.slice(0, -1) : log, last };
}

function parseDockerJson(line: string): Frame | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { log, stream, time } = value as Record<string, unknown>;
  if (typeof log !== 'string' || !isStream(stream)) return null;
  if (typeof time !== 'string' || !RFC3339.test(time)) return null;
  const last = log.endsWith('\n');
  return dockerFrame(stream, last ? log.slice(0, -1) : log, last);
}

function parseDocker(line: string): Frame | null {
  const m = DOCKER_LINE.exec(line);
  if (m === null) return parseDockerJson(line);
  let log = m[1] as string;
  if (log.includes('\\')) {
    try {
      log = JSON.parse(`"${log}"`) as string;
    } catch {
      return null;
    }
  }
  return dockerFrame(m[3] as Stream, log, m[2] !== undefined);
}

/** The CRI frame of the line of `text` from `from` to `end`, or null. */
function parseCri(text: string, from: number, end: number): Frame | null {
  CRI_PREFIX.lastIndex = from;
  if (!CRI_PREFIX.test(text)) return null;
  const start = CRI_PREFIX.lastIndex;
  // The tag is the last character matched, or the one before the space after it; the
  // stream's name ends two characters before the tag, in "stdout" or "stderr".
  const tag = text.charCodeAt(start - 1) === SPACE ? start - 2 : start - 1;
  return {
    stream: text.charCodeAt(tag - 2) === LOWER_T ? 'stdout' : 'stderr',
    text: text.slice(start, end),
    last: text.charCodeAt(tag) === UPPER_F,
  };
}

/** The first `maxBytes` bytes of a text, not splitting a character. */
function cutToBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text);
  let end = maxBytes;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.toString('utf8', 0, end);
}

/** The pieces of one stream's unfinished message, kept up to the size cap. */
class Pieces {
  text = '';
  bytes = 0;
  overflow = false;
  started = false;

  add(piece: string, maxBytes: number): void {
    this.started = true;
    if (this.overflow) return;
    const bytes = Buffer.byteLength(piece);
    if (this.bytes + bytes <= maxBytes) {
      this.text += piece;
      this.bytes += bytes;
      return;
    }
    this.text += cutToBytes(piece, maxBytes - this.bytes);
    this.bytes = maxBytes;
    this.overflow = true;
  }

  clear(): void {
    this.text = '';
    this.bytes = 0;
    this.overflow = false;
    this.started = false;
  }
}

/**
 * Decodes the lines of one container log file into the messages they frame. Docker's
 * json-file driver and CRI runtimes split a long message into pieces; pieces are joined per
 * stream, across calls, up to `maxMessageBytes`. Lines that are not valid framing are counted
 * and skipped. Each message is handed on as one line.
 */
export class FrameDecoder {
  /** Lines skipped because they were not valid framing. */
  malformed = 0;
  /** Messages cut at maxMessageBytes. */
  cut = 0;
  private readonly pieces: Record<Stream, Pieces> = { stdout: new Pieces(), stderr: new Pieces() };

  constructor(
    readonly format: LogFormat,
    private readonly maxMessageBytes: number,
  ) {}

  /**
   * Decode `count` complete lines joined by newlines; the messages they complete go to
   * `onMessages` in one block, joined by newlines the same way.
   */
  push(text: string, count: number, onMessages: LinesHandler): void {
    if (this.format === 'plain') {
      onMessages(text, count);
      return;
    }
    const out: string[] = [];
    let from = 0;
    for (let i = 0; i < count; i++) {
      let end = text.indexOf('\n', from);
      if (end < 0) end = text.length;
      const message = this.decode(text, from, end);
      if (message !== null) out.push(message);
      from = end + 1;
    }
    if (out.length > 0) onMessages(out.join('\n'), out.length);
  }

  /** Forget unfinished messages (the file was truncated or replaced). */
  reset(): void {
    this.pieces.stdout.clear();
    this.pieces.stderr.clear();
  }

  /** The message the line of `text` from `from` to `end` completes, or null. */
  private decode(text: string, from: number, end: number): string | null {
    const frame =
      this.format === 'docker' ? parseDocker(text.slice(from, end)) : parseCri(text, from, end);
    if (frame === null) {
      this.malformed++;
      return null;
    }
    const pieces = this.pieces[frame.stream];
    if (!frame.last) {
      pieces.add(frame.text, this.maxMessageBytes);
      return null;
    }
    if (!pieces.started) return oneLine(this.capped(frame.text));
    pieces.add(frame.text, this.maxMessageBytes);
    if (pieces.overflow) this.cut++;
    const message = pieces.text;
    pieces.clear();
    return oneLine(message);
  }

  private capped(text: string): string {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: shorter texts cannot be over the cap.
    if (text.length * 3 <= this.maxMessageBytes) return text;
    if (Buffer.byteLength(text) <= this.maxMessageBytes) return text;
    this.cut++;
    return cutToBytes(text, this.maxMessageBytes);
  }
}

/** Labels a container log file's path tells, by the layout of kubelet or Docker. */
export interface ContainerLogLabels {
  namespace?: string;
  pod?: string;
  pod_uid?: string;
  container?: string;
  container_id?: string;
}

/** `.../pods/<namespace>_<pod>_<pod uid>/<container>/<n>.log` (kubelet). */
const POD_LOG = /\/pods\/([^_/]+)_([^_/]+)_([^_/]+)\/([^/]+)\/\d+\.log$/;
/** `.../containers/<pod>_<namespace>_<container>-<id>.log` (kubelet's links). */
const CONTAINER_LINK = /\/containers\/([^_/]+)_([^_/]+)_([^_/]+)-([0-9a-f]{64})\.log$/;
/** `.../containers/<id>/<id>-json.log` (Docker's json-file driver). */
const DOCKER_LOG = /\/containers\/([0-9a-f]{64})\/\1-json\.log$/;

/**
 * The labels of a container log file from its path, for the layouts under /var/log/pods,
 * /var/log/containers and /var/lib/docker/containers, wherever the host's tree is mounted;
 * none for any other path.
 */
export function containerLogLabels(path: string): ContainerLogLabels {
  let m = POD_LOG.exec(path);
  if (m !== null) return { namespace: m[1], pod: m[2], pod_uid: m[3], container: m[4] };
  m = CONTAINER_LINK.exec(path);
  if (m !== null) return { namespace: m[2], pod: m[1], container: m[3], container_id: m[4] };
  m = DOCKER_LOG.exec(path);
  if (m !== null) return { container_id: m[1] };
  return {};
}
