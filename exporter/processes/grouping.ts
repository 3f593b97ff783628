import { jsPattern } from '../patterns/safety.js';
import type { ProcessGroupConfig } from './config.js';

/** What grouping needs to know about a process. exe and cmdline may be unreadable (""). */
export interface ProcessIdentity {
  readonly comm: string;
  readonly exe: string;
  readonly cmdline: readonly string[];
  readonly username: string;
  /** Kernel threads have no exe and no cmdline and descend from kthreadd (pid 2). */
  readonly kernelThread: boolean;
}

/** Where kernel threads go when no groups are configured. */
export const KERNEL_THREADS_GROUP = '[kernel threads]';

type GroupConfig = ProcessGroupConfig;

interface CompiledGroup {
  readonly name: string;
  readonly comm?: ReadonlySet<string>;
  readonly exe?: readonly string[];
  readonly cmdline?: readonly RegExp[];
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** An exe matcher with a "/" matches the full path, otherwise the executable's base name. */
function exeMatches(patterns: readonly string[], exe: string, argv0: string): boolean {
  return patterns.some((p) =>
    p.includes('/') ? p === exe || p === argv0 : p === basename(exe) || p === basename(argv0),
  );
}

/**
 * Turns a process into its group name, process-exporter style: the first group whose every
 * given matcher matches wins (comm: any of; exe: any of; cmdline: all of), and its name
 * template is filled from the process. Null: the process is not reported.
 */
export class Grouper {
  private readonly groups: CompiledGroup[];

  constructor(groups: readonly GroupConfig[]) {
    this.groups = groups.map((g) => ({
      name: g.name,
      comm: g.comm ? new Set(g.comm) : undefined,
      exe: g.exe,
      cmdline: g.cmdline?.map((p) => new RegExp(jsPattern(p))),
    }));
  }

  /** True when grouping reads exe or cmdline, which cost extra reads per process. */
  get needsCommandLine(): boolean {
    return (
      this.groups.length > 0 &&
      this.groups.some((g) => g.exe || g.cmdline || /exe_|matches\./.test(g.name))
    );
  }

  get needsUsername(): boolean {
    return this.groups.some((g) => g.name.includes('username'));
  }

  groupOf(p: ProcessIdentity): string | null {
    if (this.groups.length === 0) return p.kernelThread ? KERNEL_THREADS_GROUP : p.comm;
    const joined = p.cmdline.join(' ');
    const argv0 = p.cmdline[0] ?? '';
    for (const g of this.groups) {
      if (g.comm && !g.comm.has(p.comm)) continue;
      if (g.exe && !exeMatches(g.exe, p.exe, argv0)) continue;
      let captures: Record<string, string> = {};
      if (g.cmdline) {
        let all = true;
        for (const re of g.cmdline) {
          const m = re.exec(joined);
          if (!m) {
            all = false;
            break;
          }
          captures = { ...captures, ...m.groups };
        }
        if (!all) continue;
      }
      return fillTemplate(g.name, p, captures);
    }
    return null;
  }
}

export function fillTemplate(
  template: string,
  p: ProcessIdentity,
  captures: Record<string, string>,
): string {
  if (!template.includes('{{')) return template;
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, field: string) => {
    switch (field) {
      case 'comm':
        return p.comm;
      case 'exe_base':
        return basename(p.exe || p.cmdline[0] || p.comm);
      case 'exe_full':
        return p.exe || p.cmdline[0] || p.comm;
      case 'username':
        return p.username;
      default:
        return field.startsWith('matches.') ? (captures[field.slice(8)] ?? '') : '';
    }
  });
}
