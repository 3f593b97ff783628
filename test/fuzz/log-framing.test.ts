import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, type LogFormat } from '../../exporter/logs/framing.js';
import { mutated } from '../helpers/mutate.js';

const T = '2024-05-01T10:00:00.123456789Z';
const piece = 'x'.repeat(300);

/** Real lines of each format, long messages in pieces, and a malformed line. */
const SAMPLES: Array<[LogFormat, string]> = [
  [
    'docker',
    String.raw`{"log":"GET /healthz 200\n","stream":"stdout","time":"2024-05-01T10:00:00.123456789Z"}
{"log":"open() \"/usr/share/nginx/html/favicon.ico\" failed\n","stream":"stderr","time":"2024-05-01T10:00:01.045162871Z"}
{"log":"\u003ctitle\u003eWelcome\u003c/title\u003e\n","stream":"stdout","time":"2024-05-01T10:00:02Z"}
{"log":"ready\n","stream":"stdout","attrs":{"app":"web"},"time":"2024-05-01T10:00:02.000000001Z"}
{"log":"${piece}","stream":"stdout","time":"2024-05-01T10:00:03.1Z"}
{"log":"\tat App.main(App.java:12)\n","stream":"stderr","time":"2024-05-01T10:00:03.2Z"}
{"log":"${piece}","stream":"stdout","time":"2024-05-01T10:00:03.3Z"}
{"log":"end\n","stream":"stdout","time":"2024-05-01T10:00:03.4Z"}
{"log":"\n","stream":"stdout","time":"2024-05-01T10:00:04Z"}
not json
`,
  ],
  [
    'cri',
    `${T} stdout F GET /healthz 200
2024-05-01T10:00:00.200000001Z stderr F E0501 10:00:00.200000       1 reflector.go:138] failed
2024-05-01T12:00:00.312345678+02:00 stdout F level=info msg="started"
${T} stdout P ${piece}
${T} stderr P ${piece}
${T} stdout P ${piece}
${T} stderr F err end
${T} stdout F out end
${T} stdout F 
${T} stderr F {"level":"warn","msg":"slow"}
not cri
`,
  ],
];

/** Push lines in blocks cut at the given points; returns the messages handed on. */
function run(decoder: FrameDecoder, lines: string[], cuts: number[]): string[] {
  const out: string[] = [];
  const points = [...new Set(cuts.filter((c) => c > 0 && c < lines.length))].sort((a, b) => a - b);
  let at = 0;
  for (const c of [...points, lines.length]) {
    if (c > at)
      decoder.push(lines.slice(at, c).join('\n'), c - at, (text, count) => {
        const messages = text.split('\n');
        expect(messages).toHaveLength(count);
        out.push(...messages);
      });
    at = c;
  }
  return out;
}

describe.each(SAMPLES)('FrameDecoder (%s) on mutated real input', (format, text) => {
  const input = fc.record({
    text: mutated(text),
    cuts: fc.array(fc.nat(20), { maxLength: 6 }),
    cap: fc.integer({ min: 64, max: 1024 }),
  });

  it('decodes the unmutated sample without a malformed line but the last', () => {
    const lines = text.slice(0, -1).split('\n');
    const decoder = new FrameDecoder(format, 1 << 20);
    expect(run(decoder, lines, [])).toHaveLength(7);
    expect(decoder.malformed).toBe(1);
  });

  it('never throws, counts add up, and the read boundaries change nothing', () => {
    fc.assert(
      fc.property(input, ({ text, cuts, cap }) => {
        const lines = text.split('\n');
        if (text.endsWith('\n')) lines.pop();
        const whole = new FrameDecoder(format, cap);
        const messages = run(whole, lines, []);
        expect(messages.length + whole.malformed).toBeLessThanOrEqual(lines.length);
        expect(whole.cut).toBeLessThanOrEqual(messages.length);
        for (const m of messages) expect(Buffer.byteLength(m)).toBeLessThanOrEqual(cap);
        const blocks = new FrameDecoder(format, cap);
        expect(run(blocks, lines, cuts)).toEqual(messages);
        expect([blocks.malformed, blocks.cut]).toEqual([whole.malformed, whole.cut]);
      }),
      { numRuns: 300 },
    );
  });
});

type Stream = 'stdout' | 'stderr';
/** A line to write: a piece of a message (the whole of it when last), or a malformed line. */
type Entry =
  | { kind: 'frame'; stream: Stream; text: string; last: boolean; variant: number }
  | { kind: 'bad'; text: string; variant: number };

const times = fc.constantFrom(
  T,
  '2024-05-01T10:00:00Z',
  '2024-05-01T10:00:00.5Z',
  '2024-05-01T12:00:00.312345678+02:00',
);
/** Message text with what framing must survive: quotes, escapes, controls, multi-byte. */
const chars = fc.oneof(
  fc.constantFrom('a', ' ', '"', '\\', '\t', '\r', '\n', '<', '&', '{', 'é', '€', '😀', '\0'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const entry = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('frame' as const),
      stream: fc.constantFrom<Stream>('stdout', 'stderr'),
      text: fc.string({ unit: chars, maxLength: 40 }),
      last: fc.boolean(),
      variant: fc.nat(3),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bad' as const),
      text: fc.string({ unit: chars, maxLength: 20 }),
      variant: fc.nat(4),
    }),
  },
);

/** Docker's line for a frame: attrs or Go's HTML escapes on some. */
function dockerLine(e: Extract<Entry, { kind: 'frame' }>, time: string): string {
  const log = e.last ? `${e.text}\n` : e.text.replace(/\n$/, 'x');
  if (e.variant === 1) return JSON.stringify({ log, stream: e.stream, attrs: { a: 'b' }, time });
  const line = JSON.stringify({ log, stream: e.stream, time });
  return e.variant === 2 ? line.replaceAll('<', '\\u003c').replaceAll('&', '\\u0026') : line;
}

/** A docker line that cannot be valid: cut short, or a field missing or of the wrong kind. */
function badDockerLine(e: Extract<Entry, { kind: 'bad' }>, time: string): string {
  const log = `${e.text}\n`;
  switch (e.variant) {
    case 0:
      return JSON.stringify({ log, stream: 'stdout', time }).slice(0, -1 - e.text.length);
    case 1:
      return JSON.stringify({ log, stream: 'stdin', time });
    case 2:
      return JSON.stringify({ log: e.text.length, stream: 'stdout', time });
    case 3:
      return JSON.stringify({ stream: 'stderr', time });
    default:
      return JSON.stringify({ log, stream: 'stdout', time: `x${time}` });
  }
}

function criLine(e: Extract<Entry, { kind: 'frame' }>, time: string): string {
  return `${time} ${e.stream} ${e.last ? 'F' : 'P'} ${e.text.replaceAll('\n', ' ')}`;
}

function badCriLine(e: Extract<Entry, { kind: 'bad' }>, time: string): string {
  const message = e.text.replaceAll('\n', ' ');
  switch (e.variant) {
    case 0:
      return `${time} stdin F ${message}`;
    case 1:
      return `${time} stdout X ${message}`;
    case 2:
      return `x${message}`;
    case 3:
      return `${time} stderr`;
    default:
      return `${time.slice(0, 10)} ${time.slice(11)} stdout F ${message}`;
  }
}

/** The longest start of a text within `max` UTF-8 bytes. */
function within(text: string, max: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    bytes += Buffer.byteLength(ch);
    if (bytes > max) break;
    out += ch;
  }
  return out;
}

/** What the decoder must hand on: pieces joined per stream, cut at the cap, one line each. */
function expected(format: LogFormat, entries: Entry[], cap: number) {
  const pending: Record<Stream, string> = { stdout: '', stderr: '' };
  const messages: string[] = [];
  let malformed = 0;
  let cut = 0;
  for (const e of entries) {
    if (e.kind === 'bad') {
      malformed++;
      continue;
    }
    let text = format === 'cri' ? e.text.replaceAll('\n', ' ') : e.text;
    if (format === 'docker' && !e.last) text = text.replace(/\n$/, 'x');
    if (format === 'docker' && e.last) text = text.replace(/\r$/, '');
    const full = pending[e.stream] + text;
    if (!e.last) {
      pending[e.stream] = full;
      continue;
    }
    pending[e.stream] = '';
    if (Buffer.byteLength(full) > cap) cut++;
    messages.push(within(full, cap).replace(/\r?\n/g, ' '));
  }
  return { messages, malformed, cut };
}

describe.each(['docker', 'cri'] as const)('FrameDecoder (%s) on generated lines', (format) => {
  const input = fc.record({
    entries: fc.array(fc.tuple(entry, times), { maxLength: 40 }),
    cuts: fc.array(fc.nat(40), { maxLength: 8 }),
    cap: fc.integer({ min: 16, max: 200 }),
  });
  const framing =
    format === 'docker' ? /"(log|stream|time)":|\d{4}-\d\d-\d\dT\d\d:/ : /\d{4}-\d\d-\d\dT\d\d:/;

  it('hands on exactly the messages, never framing, and counts the malformed lines', () => {
    fc.assert(
      fc.property(input, ({ entries, cuts, cap }) => {
        const lines = entries.map(([e, time]) => {
          if (format === 'docker')
            return e.kind === 'frame' ? dockerLine(e, time) : badDockerLine(e, time);
          return e.kind === 'frame' ? criLine(e, time) : badCriLine(e, time);
        });
        const decoder = new FrameDecoder(format, cap);
        const messages = run(decoder, lines, cuts);
        const want = expected(
          format,
          entries.map(([e]) => e),
          cap,
        );
        expect(messages).toEqual(want.messages);
        expect(decoder.malformed).toBe(want.malformed);
        expect(decoder.cut).toBe(want.cut);
        expect(messages.length + decoder.malformed).toBeLessThanOrEqual(lines.length);
        for (const m of messages) expect(m).not.toMatch(framing);
      }),
      { numRuns: 500 },
    );
  });
});
