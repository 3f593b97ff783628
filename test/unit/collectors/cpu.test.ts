import { describe, expect, it } from 'vitest';
import { MonotonicCpuTimes } from '../../../exporter/collectors/cpu.js';

describe('MonotonicCpuTimes', () => {
  it('keeps a counter from stepping back by kernel noise', () => {
    const m = new MonotonicCpuTimes();
    expect(m.value('0', 'iowait', 100)).toBe(100);
    expect(m.value('0', 'iowait', 99.5)).toBe(100);
    expect(m.value('0', 'iowait', 101)).toBe(101);
  });

  it('accepts a large drop as a CPU that went offline and back', () => {
    const m = new MonotonicCpuTimes();
    m.value('1', 'idle', 5000);
    expect(m.value('1', 'idle', 10)).toBe(10);
  });
});
