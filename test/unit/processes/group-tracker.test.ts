import { describe, expect, it } from 'vitest';
import {
  GroupTracker,
  type ProcessSample,
  zeroCounters,
} from '../../../exporter/processes/group-tracker.js';

function sample(key: string, group: string, userSeconds: number, state = 'S'): ProcessSample {
  return {
    key,
    group,
    state,
    counters: { ...zeroCounters(), userSeconds, readBytes: userSeconds * 10 },
    residentBytes: 100,
    virtualBytes: 200,
    swappedBytes: 0,
    threads: 1,
    startTime: 1000 + Number(key),
    openFds: 4,
    maxFds: 8,
  };
}

describe('GroupTracker', () => {
  it('keeps group counters monotonic when members exit', () => {
    const t = new GroupTracker(
      () => 300,
      () => 100,
    );
    t.update([sample('1', 'web', 5), sample('2', 'web', 7)], 0);
    const [after] = t.update([sample('2', 'web', 8)], 15);
    expect(after?.numProcs).toBe(1);
    expect(after?.counters.userSeconds).toBe(13); // 5 from the exited member + 8
    expect(after?.counters.readBytes).toBe(130);
    const [empty] = t.update([], 30);
    expect(empty?.numProcs).toBe(0);
    expect(empty?.counters.userSeconds).toBe(13);
    expect(empty?.oldestStartTime).toBeUndefined();
  });

  it('treats a reused pid with a new start time as a new process', () => {
    const t = new GroupTracker(
      () => 300,
      () => 100,
    );
    t.update([sample('1', 'job', 50)], 0);
    const [g] = t.update([{ ...sample('1', 'job', 2), key: '1:999' }], 15);
    expect(g?.counters.userSeconds).toBe(52);
  });

  it('drops a group after idle_timeout without members', () => {
    const t = new GroupTracker(
      () => 60,
      () => 100,
    );
    t.update([sample('1', 'cron', 1)], 0);
    expect(t.update([], 30).map((g) => g.name)).toEqual(['cron']);
    expect(t.update([], 61)).toEqual([]);
  });

  it('aggregates gauges, states and the worst fd ratio', () => {
    const t = new GroupTracker(
      () => 60,
      () => 100,
    );
    const [g] = t.update(
      [sample('1', 'db', 1, 'R'), { ...sample('2', 'db', 1, 'D'), openFds: 7 }],
      0,
    );
    expect(g).toMatchObject({
      numProcs: 2,
      residentBytes: 200,
      threads: 2,
      openFds: 11,
      worstFdRatio: 7 / 8,
      oldestStartTime: 1001,
    });
    expect(Object.fromEntries(g?.states ?? [])).toEqual({ R: 1, D: 1 });
  });

  it('counts processes left out at the group limit instead of growing', () => {
    const t = new GroupTracker(
      () => 60,
      () => 2,
    );
    const groups = t.update(
      [sample('1', 'a', 1), sample('2', 'b', 1), sample('3', 'c', 1), sample('4', 'c', 1)],
      0,
    );
    expect(groups.map((g) => g.name)).toEqual(['a', 'b']);
    expect(t.dropped).toBe(2);
  });
});
