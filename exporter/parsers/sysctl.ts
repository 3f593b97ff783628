import { numberedLines } from './fields.js';
import { goInt } from './go-numbers.js';
import { ParseError } from './parse-error.js';

/** A sysctl to expose, as node_exporter's `--collector.sysctl.include` spells it. */
export interface SysctlSpec {
  /** Dotted name, e.g. `fs.file-nr`; read from /proc/sys/fs/file-nr. */
  readonly name: string;
  /** Names for the values of a multi-value sysctl (`fs.file-nr:total,current,max`). */
  readonly keys?: readonly string[];
}

/** Split `name` or `name:key1,key2` (only the first colon separates). */
export function parseSysctlSpec(spec: string): SysctlSpec {
  const colon = spec.indexOf(':');
  if (colon < 0) return { name: spec };
  return { name: spec.slice(0, colon), keys: spec.slice(colon + 1).split(',') };
}

/** The whitespace-separated values of a sysctl file. */
export function parseSysctlStrings(text: string): string[] {
  return text.split(/\s+/).filter((v) => v !== '');
}

/** The integer values of a numeric sysctl, as procfs reads them; ParseError on any other. */
export function parseSysctlInts(text: string): number[] {
  const values: number[] = [];
  for (const [line, lineNo] of numberedLines(text)) {
    for (const field of parseSysctlStrings(line)) {
      const value = goInt(field);
      if (value === null)
        throw new ParseError(`field ${values.length}: "${field}" is not an integer`, lineNo);
      values.push(value);
    }
  }
  return values;
}
