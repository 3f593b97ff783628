import { describe, expect, it } from 'vitest';
import { parseSchedstat } from '../../../exporter/parsers/schedstat.js';

// node_exporter 1.5's fixture (test/fixtures/node-exporter-1.5/proc/schedstat), version 15.
const REAL = `version 15
timestamp 15819019232
cpu0 498494191 0 3533438552 2553969831 3853684107 2465731542 2045936778163039 343796328169361 4767485306
domain0 00000000,00000003 212499247 210112015 1861015 1860405436 536440 369895 32599 210079416 25368550 24241256 384652 927363878 807233 6366 1647 24239609 2122447165 1886868564 121112060 2848625533 125678146 241025 1032026 1885836538 2545 12 2533 0 0 0 0 0 0 1387952561 21076581 0
cpu1 518377256 0 4155211005 2778589869 10466382 2867629021 1904686152592476 364107263788241 5145567945
domain0 00000000,00000003 217653037 215526982 1577949 1580427380 557469 393576 28538 215498444 28721913 27662819 371153 870843407 745912 5523 1639 27661180 2331056874 2107732788 111442342 652402556 123615235 196159 1045245 2106687543 2400 3 2397 0 0 0 0 0 0 1437804657 26220076 0
`;

describe('parseSchedstat', () => {
  it('reads running and waiting nanoseconds and timeslices per CPU, skipping domains', () => {
    expect(parseSchedstat(REAL)).toEqual([
      {
        cpu: '0',
        runningNanoseconds: 2045936778163039,
        waitingNanoseconds: 343796328169361,
        timeslices: 4767485306,
      },
      {
        cpu: '1',
        runningNanoseconds: 1904686152592476,
        waitingNanoseconds: 364107263788241,
        timeslices: 5145567945,
      },
    ]);
  });

  it('ignores counters a newer kernel appends', () => {
    expect(parseSchedstat('cpu3 0 0 0 0 0 0 7 8 9 10\n')).toEqual([
      { cpu: '3', runningNanoseconds: 7, waitingNanoseconds: 8, timeslices: 9 },
    ]);
  });

  it('gives no CPUs for a file with only its header', () => {
    expect(parseSchedstat('version 15\ntimestamp 4294892366\n')).toEqual([]);
  });

  it('rejects a CPU line with too few counters, naming the line', () => {
    expect(() => parseSchedstat('version 15\ncpu0 1 2 3 4 5 6 7\n')).toThrow(
      /line 2: cpu0: expected 9 counters, got 7/,
    );
  });

  it('rejects a counter that is not a number', () => {
    expect(() => parseSchedstat('cpu0 1 2 3 4 5 6 x 8 9\n')).toThrow(
      /line 1: cpu0 field 7: expected a counter, got "x"/,
    );
  });
});
