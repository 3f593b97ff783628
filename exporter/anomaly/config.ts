import * as z from 'zod';
import { duration } from '../config/fields.js';
import { isSignalName, SIGNALS } from './signal-names.js';

/** The `collectors.anomaly:` section: what is sampled, how much history, how often trained. */
export const anomalySection = z
  .strictObject({
    /** How often the signals are sampled. */
    interval: duration.default(5),
    /** History kept per signal for training, in a fixed-size ring buffer. */
    history: duration.default(4 * 3600),
    /** How often the models are trained again on the history. */
    train_every: duration.default(15 * 60),
    /** History needed before the first model; until then no score is exported. */
    min_history: duration.default(10 * 60),
    /** Host signals, and process:<group>, log:<source>/<rule> or api:<target>/<metric>. */
    signals: z
      .array(
        z.string().refine(isSignalName, {
          message: `expected one of ${SIGNALS.join(', ')}, or process:<group>, log:<source>/<rule>, api:<target>/<metric>`,
        }),
      )
      .min(1)
      .default([...SIGNALS]),
  })
  .superRefine((a, ctx) => {
    if (a.interval <= 0 || a.min_history < a.interval * 20 || a.history < a.min_history)
      ctx.addIssue({
        code: 'custom',
        path: ['min_history'],
        message:
          'needs interval > 0, min_history of at least 20 intervals, and history ≥ min_history',
      });
  })
  .prefault({});

export type AnomalySettings = z.output<typeof anomalySection>;
