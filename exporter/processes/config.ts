import * as z from 'zod';
import { duration } from '../config/fields.js';
import { captureNames, unsafePatternReason } from '../patterns/safety.js';

const TEMPLATE = /\{\{\s*([\w.]+)\s*\}\}/g;
export const TEMPLATE_FIELDS = ['comm', 'exe_base', 'exe_full', 'username'] as const;

export const processGroup = z
  .strictObject({
    /** Group name; may use {{comm}}, {{exe_base}}, {{exe_full}}, {{username}}, {{matches.NAME}}. */
    name: z.string().min(1),
    comm: z.array(z.string().min(1)).min(1).optional(),
    exe: z.array(z.string().min(1)).min(1).optional(),
    cmdline: z.array(z.string()).min(1).optional(),
    min_count: z.number().int().min(0).optional(),
    max_count: z.number().int().min(1).optional(),
  })
  .superRefine((group, ctx) => {
    if (!group.comm && !group.exe && !group.cmdline) {
      ctx.addIssue({
        code: 'custom',
        message: `group "${group.name}": give at least one of comm, exe or cmdline`,
      });
    }
    const captures = new Set<string>();
    // Any user can start a process with a crafted command line: patterns must be able to run
    // in linear time, as log patterns must.
    group.cmdline?.forEach((source, i) => {
      const unsafe = unsafePatternReason(source);
      if (unsafe) {
        ctx.addIssue({
          code: 'custom',
          path: ['cmdline', i],
          message: `group "${group.name}": cmdline pattern ${JSON.stringify(source)} ${unsafe}`,
        });
        return;
      }
      for (const name of captureNames(source)) captures.add(name);
    });
    const templated = group.name.includes('{{');
    for (const [, field] of group.name.matchAll(TEMPLATE)) {
      const known =
        (TEMPLATE_FIELDS as readonly string[]).includes(field as string) ||
        (field?.startsWith('matches.') && captures.has(field.slice(8)));
      if (!known) {
        ctx.addIssue({
          code: 'custom',
          path: ['name'],
          message: `group "${group.name}": unknown template field {{${field}}}; use ${TEMPLATE_FIELDS.map((f) => `{{${f}}}`).join(', ')} or {{matches.NAME}} for a named capture of cmdline`,
        });
      }
    }
    if ((group.min_count !== undefined || group.max_count !== undefined) && templated) {
      ctx.addIssue({
        code: 'custom',
        path: ['min_count'],
        message: `group "${group.name}": a watched group (min_count, max_count) needs a fixed name, not a template`,
      });
    }
    if (
      group.min_count !== undefined &&
      group.max_count !== undefined &&
      group.max_count < group.min_count
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['max_count'],
        message: `group "${group.name}": max_count is below min_count`,
      });
    }
  });

/** The `processes:` section: how processes are grouped and which groups are watched. */
export const processesSection = z
  .strictObject({
    /** A group with no members for this long is dropped, with its series. */
    idle_timeout: duration.default(300),
    /** Most groups tracked at once; processes that would form more are counted as dropped. */
    max_groups: z.number().int().min(1).default(1000),
    /** Empty: one group per command name, kernel threads folded into one. */
    groups: z.array(processGroup).default([]),
  })
  .prefault({});

export type ProcessesSettings = z.output<typeof processesSection>;
export type ProcessGroupConfig = ProcessesSettings['groups'][number];
