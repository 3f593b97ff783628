import { describe, expect, it } from 'vitest';
import { parseProcStat } from '../../../exporter/parsers/proc-stat.js';

// Linux 6.x, two CPUs (copied from a Debian 12 VM).
const MODERN = `cpu  4470 0 1293 233961 139 0 32 66 0 0
cpu0 2221 0 641 116973 62 0 19 33 0 0
cpu1 2249 0 652 116988 77 0 13 33 0 0
intr 1120386 0 9 0 0 0 0 0 0 0 0 0 0 158 0 0 0
ctxt 2180634
btime 1795653679
processes 6802
procs_running 2
procs_blocked 1
softirq 512046 2 147313 7 11547 0 0 38660 187286 0 127231
`;

describe('parseProcStat', () => {
  it('reads per-CPU ticks and the counters, leaving out the aggregate line', () => {
    const stat = parseProcStat(MODERN);
    expect(stat.cpus.map((c) => c.cpu)).toEqual(['0', '1']);
    expect(stat.cpus[0]?.ticks).toMatchObject({
      user: 2221,
      system: 641,
      idle: 116973,
      iowait: 62,
      softirq: 19,
      steal: 33,
    });
    expect(stat).toMatchObject({
      bootTime: 1795653679,
      contextSwitches: 2180634,
      forks: 6802,
      interrupts: 1120386,
      procsRunning: 2,
      procsBlocked: 1,
    });
  });

  it('reads the softirq vectors after their total', () => {
    expect(parseProcStat(MODERN).softirqs).toEqual({
      hi: 2,
      timer: 147313,
      net_tx: 7,
      net_rx: 11547,
      block: 0,
      block_iopoll: 0,
      tasklet: 38660,
      sched: 187286,
      hrtimer: 0,
      rcu: 127231,
    });
    expect(parseProcStat('btime 1\n').softirqs).toBeUndefined();
    expect(parseProcStat('softirq 1 2 3 4 5 6 7 8 9 10 11 12\n').softirqs?.rcu).toBe(11);
  });

  it('rejects a softirq line missing vectors, naming the line', () => {
    expect(() => parseProcStat('btime 1\nsoftirq 1 2 3 4 5 6 7 8 9 10\n')).toThrow(
      /line 2: softirq: expected a total and 10 vectors, got 10 columns/,
    );
  });

  it('reads columns missing on old kernels (2.6.x: no steal, guest) as zero', () => {
    const stat = parseProcStat('cpu0 100 1 50 9000 3 0 2\nbtime 1\n');
    expect(stat.cpus[0]?.ticks).toMatchObject({
      user: 100,
      softirq: 2,
      steal: 0,
      guest: 0,
      guest_nice: 0,
    });
  });

  it('ignores columns a newer kernel appends', () => {
    const stat = parseProcStat('cpu0 1 2 3 4 5 6 7 8 9 10 11 12\n');
    expect(stat.cpus[0]?.ticks.guest_nice).toBe(10);
  });

  it('rejects a CPU line with too few columns, naming the line', () => {
    expect(() => parseProcStat('cpu 1 2 3 4\ncpu0 1 2\n')).toThrow(
      /line 2: cpu0: expected at least 4 time columns/,
    );
  });

  it('rejects a non-numeric counter', () => {
    expect(() => parseProcStat('ctxt lots\n')).toThrow(
      /line 1: ctxt: expected a number, got "lots"/,
    );
  });
});
