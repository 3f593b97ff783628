import { goFloat, goInt64, goUint } from './go-numbers.js';
import { ParseError } from './parse-error.js';

/** bch_hprint's suffixes: powers of 1024. An unknown letter multiplies by 0, as in procfs. */
const MULTIPLIERS: Record<string, number> = {
  k: 2 ** 10,
  M: 2 ** 20,
  G: 2 ** 30,
  T: 2 ** 40,
  P: 2 ** 50,
  E: 2 ** 60,
  Z: 2 ** 70,
  Y: 2 ** 80,
};

function float(text: string, line: number): number {
  const v = goFloat(text);
  if (v === null) throw new ParseError(`expected a number, got "${text}"`, line);
  return v;
}

/**
 * A value as bcache's bch_hprint writes it ("20.4G", "427.5k", "512"), dehumanized as procfs
 * does: the digits after the point are tenths of 1024 (".4" is 4/10.24), the suffix a power of
 * 1024, the result truncated to an integer.
 */
export function dehumanize(text: string, line = 1): number {
  if (text === '') throw new ParseError('empty value', line);
  if (text.startsWith('-')) return -dehumanize(text.slice(1), line);
  const last = text.charCodeAt(text.length - 1);
  let mantissa: number;
  let multiplier = 1;
  if (last > 57) {
    multiplier = MULTIPLIERS[text[text.length - 1] as string] ?? 0;
    const [whole = '', fraction] = text.slice(0, -1).split('.');
    mantissa = float(whole, line);
    if (fraction !== undefined) mantissa += float(fraction, line) / 10.24;
  } else {
    mantissa = float(text, line);
  }
  return Math.trunc(mantissa * multiplier);
}

/**
 * One value file of /sys/fs/bcache (average_key_size, written, ...). procfs drops the last
 * byte (the newline) and dehumanizes the rest.
 */
export function parseBcacheValue(text: string): number {
  if (text === '') throw new ParseError('empty file', 1);
  return dehumanize(text.slice(0, -1));
}

export interface WritebackRateDebug {
  /** bytes per second */
  rate: number;
  dirtyBytes: number;
  targetBytes: number;
  proportional: number;
  integral: number;
  /** bytes per second */
  change: number;
  nextIoMs: number;
}

/** A bcache backing device's writeback_rate_debug ("rate:  1.1M/sec" ...). */
export function parseWritebackRateDebug(text: string): WritebackRateDebug {
  const out: WritebackRateDebug = {
    rate: 0,
    dirtyBytes: 0,
    targetBytes: 0,
    proportional: 0,
    integral: 0,
    change: 0,
    nextIoMs: 0,
  };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fields = line.split(/\s+/).filter((f) => f !== '');
    const last = fields[fields.length - 1] ?? '';
    const n = i + 1;
    if (line.startsWith('rate:')) out.rate = dehumanize(last.replace(/\/sec$/, ''), n);
    else if (line.startsWith('dirty:')) out.dirtyBytes = dehumanize(last, n);
    else if (line.startsWith('target:')) out.targetBytes = dehumanize(last, n);
    else if (line.startsWith('proportional:')) out.proportional = dehumanize(last, n);
    else if (line.startsWith('integral:')) out.integral = dehumanize(last, n);
    else if (line.startsWith('change:')) out.change = dehumanize(last.replace(/\/sec$/, ''), n);
    else if (line.startsWith('next io:')) {
      const ms = goInt64(last.replace(/ms$/, ''));
      if (ms === null) throw new ParseError(`next io: expected milliseconds, got "${last}"`, n);
      out.nextIoMs = ms;
    }
  }
  return out;
}

export interface PriorityStats {
  unusedPercent: number;
  metadataPercent: number;
}

/** A bcache cache device's priority_stats: the Unused: and Metadata: percentages. */
export function parsePriorityStats(text: string): PriorityStats {
  const out: PriorityStats = { unusedPercent: 0, metadataPercent: 0 };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const key = line.startsWith('Unused:')
      ? 'unusedPercent'
      : line.startsWith('Metadata:')
        ? 'metadataPercent'
        : null;
    if (key === null) continue;
    const fields = line.split(/\s+/).filter((f) => f !== '');
    const raw = (fields[fields.length - 1] ?? '').replace(/%$/, '');
    const v = goUint(raw, 10, 64);
    if (v === null) throw new ParseError(`expected a percentage, got "${raw}"`, i + 1);
    out[key] = v;
  }
  return out;
}
