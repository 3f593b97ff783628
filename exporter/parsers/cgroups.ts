import { numberedLines } from './fields.js';
import { ParseError } from './parse-error.js';

export interface CgroupController {
  /** The controller (subsystem) name, e.g. `memory`. */
  readonly subsys: string;
  /** The ID of the hierarchy it is mounted on; 0 when unmounted or on cgroup v2. */
  readonly hierarchy: number;
  /** Control groups in that hierarchy using this controller. */
  readonly cgroups: number;
  /** 1 when enabled, 0 when disabled (cgroup_disable=). */
  readonly enabled: number;
}

function int(text: string, what: string, lineNo: number): number {
  if (!/^[+-]?\d+$/.test(text))
    throw new ParseError(`${what}: expected an integer, got "${text}"`, lineNo);
  return Number(text);
}

/** Parse /proc/cgroups: `subsys_name hierarchy num_cgroups enabled` rows after a `#` header. */
export function parseCgroups(text: string): CgroupController[] {
  const controllers: CgroupController[] = [];
  for (const [line, lineNo] of numberedLines(text)) {
    if (line.startsWith('#')) continue;
    const parts = line.trim().split(/\s+/);
    if (parts.length < 4)
      throw new ParseError(
        `expected "subsys_name hierarchy num_cgroups enabled", got "${line}"`,
        lineNo,
      );
    const [subsys, hierarchy, cgroups, enabled] = parts as [string, string, string, string];
    controllers.push({
      subsys,
      hierarchy: int(hierarchy, `${subsys} hierarchy`, lineNo),
      cgroups: int(cgroups, `${subsys} num_cgroups`, lineNo),
      enabled: int(enabled, `${subsys} enabled`, lineNo),
    });
  }
  return controllers;
}
