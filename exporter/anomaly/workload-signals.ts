import type { MetricFamily } from '../exposition/types.js';
import { SIGNAL_COLLECTOR, WORKLOAD_SIGNAL } from './signal-names.js';

/**
 * Signals taken from other collectors' families: a process group's CPU seconds a second, a
 * log rule's matches a second (both rates between two readings), an API value as it is.
 * A signal whose series is missing now reads NaN: a gap.
 */
export class WorkloadSignals {
  private readonly previous = new Map<string, { at: number; total: number }>();
  private readonly parsed: Array<{
    name: string;
    kind: keyof typeof SIGNAL_COLLECTOR;
    what: string;
  }>;

  constructor(names: readonly string[]) {
    this.parsed = names.flatMap((name) => {
      const m = WORKLOAD_SIGNAL.exec(name);
      return m ? [{ name, kind: m[1] as keyof typeof SIGNAL_COLLECTOR, what: m[2] as string }] : [];
    });
  }

  /** The collectors whose families these signals need. */
  get collectors(): string[] {
    return [...new Set(this.parsed.map((p) => SIGNAL_COLLECTOR[p.kind]))];
  }

  read(families: readonly MetricFamily[], now = Date.now()): Record<string, number> {
    const byName = new Map(families.map((f) => [f.name, f]));
    const sum = (family: string, match: (labels: Record<string, string>) => boolean) => {
      const f = byName.get(family);
      if (!f) return Number.NaN;
      let total = 0;
      let found = false;
      for (const s of f.samples)
        if (match(s.labels)) {
          total += s.value;
          found = true;
        }
      return found ? total : Number.NaN;
    };
    const out: Record<string, number> = {};
    for (const { name, kind, what } of this.parsed) {
      if (kind === 'api') {
        const slash = what.indexOf('/');
        out[name] = sum(what.slice(slash + 1), (l) => l.target === what.slice(0, slash));
        continue;
      }
      const total =
        kind === 'process'
          ? sum('vigil_process_cpu_seconds_total', (l) => l.groupname === what)
          : sum('vigil_log_matches_total', (l) => `${l.source}/${l.rule}` === what);
      const before = this.previous.get(name);
      const dt = before ? (now - before.at) / 1000 : 0;
      out[name] =
        before && dt > 0 && total >= before.total ? (total - before.total) / dt : Number.NaN;
      if (Number.isFinite(total)) this.previous.set(name, { at: now, total });
    }
    return out;
  }
}
