import * as z from 'zod';
import { parseDuration } from './duration.js';

/** A Prometheus-style duration string, parsed to seconds. */
export const duration = z.unknown().transform((text, ctx) => {
  const seconds = typeof text === 'string' ? parseDuration(text) : null;
  if (seconds === null) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a duration such as 5s, 1m30s or 250ms, got ${JSON.stringify(text)}`,
    });
    return z.NEVER;
  }
  return seconds;
});

/** A regular expression given as a string, checked at load; empty means "none". */
export const pattern = z.string().superRefine((source, ctx) => {
  try {
    new RegExp(source);
  } catch (err) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a regular expression: ${(err as Error).message}`,
    });
  }
});

export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Names that user-defined metrics (log rules, API values) may not take. */
export const RESERVED_PREFIX = /^(vigil|node)_/;
