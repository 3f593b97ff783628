import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../exporter/logs/lines.js';

/** A small deterministic generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Lines handed on by the splitter, checking each block's count against its text. */
function collect(out: string[]): (text: string, count: number) => void {
  return (text, count) => {
    const lines = text.split('\n');
    expect(lines).toHaveLength(count);
    out.push(...lines);
  };
}

function split(bytes: Buffer, cuts: number[], max = 1 << 20): string[] {
  const out: string[] = [];
  const s = new LineSplitter(max);
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    s.push(bytes.subarray(at, c), collect(out));
    at = c;
  }
  return out;
}

describe('LineSplitter', () => {
  it('emits the same lines whatever the read boundaries, multi-byte characters included', () => {
    const text = 'héllo wörld\n€ sign\n\nlast 日本語 line\npartial';
    const bytes = Buffer.from(text);
    const expected = ['héllo wörld', '€ sign', '', 'last 日本語 line'];
    for (let cut = 0; cut <= bytes.length; cut++) expect(split(bytes, [cut])).toEqual(expected);
  });

  it('counts exactly one line per newline on random bytes and random read sizes', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const rand = prng(seed);
      const bytes = Buffer.alloc(2000 + Math.floor(rand() * 8000));
      for (let i = 0; i < bytes.length; i++)
        bytes[i] = rand() < 0.05 ? 0x0a : Math.floor(rand() * 256);
      const cuts: number[] = [];
      for (let at = 0; at < bytes.length; at += 1 + Math.floor(rand() * 700)) cuts.push(at);
      const newlines = bytes.filter((b) => b === 0x0a).length;
      expect(split(bytes, cuts, 512)).toHaveLength(newlines);
    }
  });

  it('cuts a line longer than the cap, in one piece or across reads, and counts it', () => {
    const long = `${'x'.repeat(5000)}\nshort\n`;
    const s = new LineSplitter(256);
    const lines: string[] = [];
    for (let i = 0; i < long.length; i += 100)
      s.push(Buffer.from(long.slice(i, i + 100)), collect(lines));
    expect(lines.map((l) => l.length)).toEqual([256, 5]);
    expect(s.truncatedLines).toBe(1);
    expect(s.pendingLength).toBe(0);

    const whole = new LineSplitter(256);
    const out: string[] = [];
    whole.push(Buffer.from(long), collect(out));
    expect(out.map((l) => l.length)).toEqual([256, 5]);
    expect(whole.truncatedLines).toBe(1);
  });

  it('holds back no more than the cap for an unfinished line', () => {
    const s = new LineSplitter(256);
    s.push(Buffer.alloc(100_000, 0x61), () => {});
    expect(s.pendingLength).toBe(256);
  });

  it('cuts an overlong line in the middle of a read and keeps the lines around it', () => {
    const out: string[] = [];
    const s = new LineSplitter(256);
    s.push(Buffer.from(`before\n${'x'.repeat(5000)}\nafter\n`), collect(out));
    expect(out.map((l) => l.length)).toEqual([6, 256, 5]);
    expect(s.truncatedLines).toBe(1);
  });

  it('measures the cap in bytes, not characters', () => {
    const out: string[] = [];
    const s = new LineSplitter(256);
    // 200 characters of 2 bytes each: 400 bytes, cut to 128 whole characters.
    s.push(Buffer.from(`${'é'.repeat(200)}\n${'é'.repeat(100)}\n`), collect(out));
    expect(out).toEqual(['é'.repeat(128), 'é'.repeat(100)]);
    expect(s.truncatedLines).toBe(1);
  });
});
