import * as z from 'zod';
import { LABEL_NAME } from '../config/fields.js';

/** syslog priorities, as journalctl's --priority names them. */
export const PRIORITIES = [
  'emerg',
  'alert',
  'crit',
  'err',
  'warning',
  'notice',
  'info',
  'debug',
] as const;

const FIELD_NAME = /^[A-Z0-9_]+$/;
const FIELD_MESSAGE = 'expected a journal field name (A-Z, 0-9, _)';
const field = z.string().regex(FIELD_NAME, FIELD_MESSAGE);

/** A record's message for a bad key (zod's own says only "Invalid key in record"). */
function keyError(message: string) {
  return (issue: { code?: string }) => (issue.code === 'invalid_key' ? message : undefined);
}

/**
 * A `journal:` source: the systemd journal read through journalctl. Filters are journalctl's
 * own: entries of any of `units` (-u), of any of `identifiers` (-t), at `priority` or more
 * severe (-p), and with every field of `matches` equal to one of its values.
 */
export const journalInput = z.strictObject({
  /** A journal directory (journalctl --directory); the system journal when absent. */
  directory: z.string().min(1).optional(),
  units: z.array(z.string().min(1)).default([]),
  identifiers: z.array(z.string().min(1)).default([]),
  priority: z.union([z.enum(PRIORITIES), z.number().int().min(0).max(7)]).optional(),
  matches: z
    .record(field, z.union([z.string(), z.array(z.string()).min(1)]), {
      error: keyError(FIELD_MESSAGE),
    })
    .default({}),
  /** Journal fields that become labels of every rule's series: label name to field name. */
  fields: z
    .record(z.string().regex(LABEL_NAME), field, { error: keyError('expected a label name') })
    .default({}),
  /** The journalctl binary. */
  journalctl: z.string().min(1).default('journalctl'),
});

export type JournalInput = z.output<typeof journalInput>;

/** Which journal journalctl reads: a directory, or the system journal. */
export function journalctlLocation(input: JournalInput): string[] {
  return input.directory ? [`--directory=${input.directory}`] : [];
}

/** journalctl's arguments for the filters of `input`, without location, positioning or output. */
export function journalctlFilters(input: JournalInput): string[] {
  const args: string[] = [];
  for (const unit of input.units) args.push(`--unit=${unit}`);
  for (const id of input.identifiers) args.push(`--identifier=${id}`);
  if (input.priority !== undefined) args.push(`--priority=${input.priority}`);
  // journalctl ANDs different fields and ORs the values of one field.
  for (const [name, values] of Object.entries(input.matches))
    for (const value of typeof values === 'string' ? [values] : values)
      args.push(`${name}=${value}`);
  return args;
}
