import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { defineCollector, isAbsent } from '../core/collector.js';
import { type FamilyBuilder, FamilySet } from '../exposition/family.js';
import type { Labels } from '../exposition/types.js';
import { ParseError } from '../parsers/parse-error.js';
import {
  parseSysctlInts,
  parseSysctlSpec,
  parseSysctlStrings,
  type SysctlSpec,
} from '../parsers/sysctl.js';

/** `name` or `name:field1,field2`; field names become metric name suffixes. */
const sysctlSpec = z
  .string()
  .regex(
    /^[^:\s]+(:[A-Za-z0-9_:]*(,[A-Za-z0-9_:]*)*)?$/,
    'expected a sysctl name such as kernel.threads-max, optionally with :field1,field2,... (letters, digits, _)',
  );

/** The `collectors.sysctl:` section: which sysctls are exposed (none by default). */
export const sysctlSection = z
  .strictObject({
    /** Numeric sysctls, one metric each (or one per value). */
    include: z.array(sysctlSpec).default([]),
    /** Sysctls whose values are exposed as labels of node_sysctl_info. */
    include_info: z.array(sysctlSpec).default([]),
  })
  .prefault({});

export type SysctlSettings = z.output<typeof sysctlSection>;

/**
 * procfs reads a sysctl with one read(2) of at most 128 bytes, so node_exporter 1.5 sees only
 * the first 128 bytes of a longer value; vigil reads the same.
 */
const READ_BYTES = 128;

function readSysctl(procfs: string, name: string): string {
  const path = join(procfs, 'sys', name.replaceAll('.', '/'));
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if (isAbsent(err)) throw new Error(`sysctl ${name}: ${path} does not exist`);
    throw err;
  }
  try {
    const buffer = Buffer.alloc(READ_BYTES);
    const n = readSync(fd, buffer, 0, READ_BYTES, null);
    return buffer.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** node_exporter's SanitizeMetricName: each run of other characters (with its _) becomes one _. */
function metricName(name: string): string {
  return `node_sysctl_${name.replace(/_*[^0-9A-Za-z_]+_*/g, '_')}`;
}

function ints(name: string, text: string): number[] {
  try {
    return parseSysctlInts(text);
  } catch (err) {
    if (err instanceof ParseError) throw new Error(`sysctl ${name}: ${err.message}`);
    throw err;
  }
}

type AddSample = (family: FamilyBuilder, value: number, labels: Labels) => void;

/** Add one sysctl's series (node_exporter 1.5's rules); throws where node_exporter fails. */
function addSysctl(
  set: FamilySet,
  add: AddSample,
  spec: SysctlSpec,
  text: string,
  numeric: boolean,
) {
  const { name, keys } = spec;
  const values = numeric ? ints(name, text) : parseSysctlStrings(text);
  if (values.length === 0) throw new Error(`sysctl ${name} has no values`);
  if (keys && values.length === 1)
    throw new Error(`sysctl ${name} has only one value, but expected ${keys.join(',')}`);
  if (keys && values.length !== keys.length)
    throw new Error(`sysctl ${name} has ${values.length} values but ${keys.length} keys`);
  if (keys && !numeric) throw new Error(`sysctl ${name}: keys are not supported for info sysctls`);
  const info = () => set.get('node_sysctl_info', 'sysctl info', 'gauge');
  values.forEach((value, i) => {
    const index = String(i);
    if (!numeric) {
      add(info(), 1, { index, name, value: String(value) });
    } else if (keys) {
      const family = set.get(
        `${metricName(name)}_${keys[i]}`,
        `sysctl ${name}, field ${i}`,
        'untyped',
      );
      add(family, value as number, {});
    } else {
      const family = set.get(metricName(name), `sysctl ${name}`, 'untyped');
      add(family, value as number, values.length === 1 ? {} : { index });
    }
  });
}

export const sysctlCollector = defineCollector<SysctlSettings>({
  name: 'sysctl',
  defaultEnabled: false,
  nodeExporter: true,
  description: 'Chosen sysctls from /proc/sys, as numbers or as labels of node_sysctl_info.',
  section: ['collectors', 'sysctl'],
  flags: [
    {
      name: 'include',
      key: 'include',
      type: 'list',
      default: [],
      help: 'Numeric sysctl to expose, as name or name:field1,field2 for one metric per value; repeatable (collectors.sysctl.include).',
    },
    {
      name: 'include-info',
      key: 'include_info',
      type: 'list',
      default: [],
      help: 'Sysctl whose values are exposed as labels of node_sysctl_info; repeatable (collectors.sysctl.include_info).',
    },
  ],
  create: ({ paths, settings }) => ({
    async collect() {
      const { include, include_info } = settings();
      const set = new FamilySet();
      const seen = new Set<string>();
      // The same sysctl asked for twice would make duplicate series; the first one wins.
      const add: AddSample = (family, value, labels) => {
        const id = `${family.name}${JSON.stringify(labels)}`;
        if (seen.has(id)) return;
        seen.add(id);
        family.add(value, labels);
      };
      const wanted = [
        ...include.map((s) => ({ spec: parseSysctlSpec(s), numeric: true })),
        ...include_info.map((s) => ({ spec: parseSysctlSpec(s), numeric: false })),
      ];
      for (const { spec, numeric } of wanted)
        addSysctl(set, add, spec, readSysctl(paths.procfs, spec.name), numeric);
      return set.build();
    },
  }),
});
