import type { Threshold } from './models.js';

/**
 * A score above its threshold for RAISE_AFTER samples in a row raises the flag, or one sample
 * at the strong limit; the flag then holds until HOLD samples in a row have been below the
 * threshold. So one odd sample is not an alarm, and an incident whose scores flicker around
 * the threshold is one alarm, not one per flicker (3 minutes at the default 5 s interval).
 */
export const RAISE_AFTER = 2;
export const HOLD = 36;

export class AnomalyFlag {
  private above = 0;
  private below = 0;
  on = false;

  constructor(
    private readonly raiseAfter = RAISE_AFTER,
    private readonly hold = HOLD,
  ) {}

  /** Take the next score (null for a sample that could not be scored) and say whether the flag is up. */
  update(score: number | null, limits: Threshold): boolean {
    const anomalous = score !== null && score > limits.threshold;
    this.above = anomalous ? this.above + 1 : 0;
    this.below = anomalous ? 0 : this.below + 1;
    if (!this.on)
      this.on = this.above >= this.raiseAfter || (score !== null && score > limits.strong);
    else if (this.below > this.hold) this.on = false;
    return this.on;
  }
}
