import { FamilyIndex } from '../exposition/family-index.js';
import type { Labels, MetricFamily } from '../exposition/types.js';
import { SIGNAL_COLLECTOR, SIGNALS, type Signal, WORKLOAD_SIGNAL } from './signal-names.js';

/** The collectors each host signal is computed from. */
const HOST_COLLECTORS: Record<Signal, readonly string[]> = {
  cpu: ['cpu'],
  memory: ['meminfo'],
  load: ['loadavg', 'cpu'],
  disk_io: ['diskstats'],
  network: ['netdev'],
};

/** CPU modes that are not work: what is left of node_cpu_seconds_total is busy time. */
const NOT_BUSY = new Set(['idle', 'iowait', 'steal']);

const notLoopback = (l: Labels) => l.device !== 'lo';

type Parsed =
  | { name: string; kind: 'host'; signal: Signal }
  | { name: string; kind: keyof typeof SIGNAL_COLLECTOR; what: string };

/**
 * The anomaly signals, computed from the families of the collectors that own the figures (so
 * a disk is a disk as the diskstats collector's filters say): CPU utilisation, memory in use,
 * load per CPU, disk and network bytes a second (loopback left out); a process group's CPU
 * seconds a second, a log rule's matches a second, an API value as it is. Rates need two
 * readings, so the first reading gives NaN for them; so does a series that is missing now (a
 * gap, which the models skip).
 */
export class SignalReader {
  private readonly previous = new Map<string, { at: number; total: number; base?: number }>();
  private readonly parsed: Parsed[];

  constructor(names: readonly string[]) {
    this.parsed = names.map((name): Parsed => {
      if ((SIGNALS as readonly string[]).includes(name))
        return { name, kind: 'host', signal: name as Signal };
      const m = WORKLOAD_SIGNAL.exec(name);
      if (!m) throw new Error(`unknown anomaly signal "${name}"`);
      return { name, kind: m[1] as keyof typeof SIGNAL_COLLECTOR, what: m[2] as string };
    });
  }

  /** The collectors whose families these signals need. */
  get collectors(): string[] {
    return [
      ...new Set(
        this.parsed.flatMap((p) =>
          p.kind === 'host' ? HOST_COLLECTORS[p.signal] : [SIGNAL_COLLECTOR[p.kind]],
        ),
      ),
    ];
  }

  read(families: readonly MetricFamily[], now = Date.now()): Record<string, number> {
    const index = new FamilyIndex(families);
    const out: Record<string, number> = {};
    for (const p of this.parsed) {
      out[p.name] =
        p.kind === 'host' ? this.host(p.name, p.signal, index, now) : this.workload(p, index, now);
    }
    return out;
  }

  private host(name: string, signal: Signal, index: FamilyIndex, now: number): number {
    switch (signal) {
      case 'cpu': {
        const total = index.sum('node_cpu_seconds_total');
        const busy = index.sum('node_cpu_seconds_total', (l) => !NOT_BUSY.has(l.mode ?? ''));
        return this.ratioOfChanges(name, busy, total, now);
      }
      case 'memory': {
        const total = index.value('node_memory_MemTotal_bytes');
        const available = index.value('node_memory_MemAvailable_bytes');
        return total && available !== null ? 1 - available / total : Number.NaN;
      }
      case 'load': {
        const load = index.value('node_load1');
        const cpus = index.distinct('node_cpu_seconds_total', 'cpu');
        return load !== null && cpus > 0 ? load / cpus : Number.NaN;
      }
      case 'disk_io':
        return this.rate(
          name,
          sumOf(
            index.sum('node_disk_read_bytes_total'),
            index.sum('node_disk_written_bytes_total'),
          ),
          now,
        );
      case 'network':
        return this.rate(
          name,
          sumOf(
            index.sum('node_network_receive_bytes_total', notLoopback),
            index.sum('node_network_transmit_bytes_total', notLoopback),
          ),
          now,
        );
    }
  }

  private workload(p: Exclude<Parsed, { kind: 'host' }>, index: FamilyIndex, now: number): number {
    if (p.kind === 'api') {
      const slash = p.what.indexOf('/');
      const target = p.what.slice(0, slash);
      return index.sum(p.what.slice(slash + 1), (l) => l.target === target) ?? Number.NaN;
    }
    const total =
      p.kind === 'process'
        ? index.sum('vigil_process_cpu_seconds_total', (l) => l.groupname === p.what)
        : index.sum('vigil_log_matches_total', (l) => `${l.source}/${l.rule}` === p.what);
    return this.rate(p.name, total, now);
  }

  /** Change a second of a cumulative total since the previous reading. */
  private rate(name: string, total: number | null, now: number): number {
    const before = this.previous.get(name);
    if (total === null) return Number.NaN;
    this.previous.set(name, { at: now, total });
    const dt = before ? (now - before.at) / 1000 : 0;
    return before && dt > 0 && total >= before.total ? (total - before.total) / dt : Number.NaN;
  }

  /** Change of one total over the change of another since the previous reading (a share). */
  private ratioOfChanges(
    name: string,
    part: number | null,
    whole: number | null,
    now: number,
  ): number {
    const before = this.previous.get(name);
    if (part === null || whole === null) return Number.NaN;
    this.previous.set(name, { at: now, total: whole, base: part });
    const dWhole = before ? whole - before.total : 0;
    return before && dWhole > 0 ? (part - (before.base ?? 0)) / dWhole : Number.NaN;
  }
}

function sumOf(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0);
}
