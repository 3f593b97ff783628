import type { Collected } from '../core/collector.js';
import { FamilyIndex } from '../exposition/family-index.js';
import type { Labels } from '../exposition/types.js';

/**
 * What the live view at `/` draws, taken from the same families a scrape exposes: raw
 * values and counter totals, never anything `/metrics` does not show. The browser turns
 * totals into rates from one snapshot to the next.
 */
export interface LiveSnapshot {
  /** Unix time in milliseconds. */
  t: number;
  /** CPU seconds by mode, summed over CPUs, and the number of CPUs. */
  cpu: Record<string, number>;
  cpus: number;
  memory: { total: number; available: number } | null;
  load: [number, number, number] | null;
  /** Byte totals over every disk, and over every interface but loopback. */
  disk: { read: number; written: number };
  network: { received: number; sent: number };
  /** Process groups: CPU seconds total and resident bytes, the largest first. */
  groups: Array<{ name: string; cpu: number; rss: number }>;
  ports: Array<{ protocol: string; address: string; port: string; process: string }>;
  logs: Array<{ source: string; rule: string; matches: number }>;
  apis: Array<{ target: string; up: number; seconds: number | null }>;
  failing: string[];
}

/** Bounds, so that a host with thousands of groups or sockets sends a small message. */
const MAX_GROUPS = 50;
const MAX_PORTS = 200;

const notLoopback = (l: Labels) => l.device !== 'lo';

/** The snapshot of one collection; `failed` names the collectors that failed in it. */
export function liveSnapshot({ families, failed }: Collected, now = Date.now()): LiveSnapshot {
  const index = new FamilyIndex(families);
  const cpu: Record<string, number> = {};
  for (const s of index.samples('node_cpu_seconds_total')) {
    const mode = s.labels.mode ?? '';
    cpu[mode] = (cpu[mode] ?? 0) + s.value;
  }
  const memTotal = index.value('node_memory_MemTotal_bytes');
  const memAvailable = index.value('node_memory_MemAvailable_bytes');
  const load = ['node_load1', 'node_load5', 'node_load15'].map((n) => index.value(n));

  const groups = new Map<string, { name: string; cpu: number; rss: number }>();
  const group = (name: string) => {
    let g = groups.get(name);
    if (!g) {
      g = { name, cpu: 0, rss: 0 };
      groups.set(name, g);
    }
    return g;
  };
  for (const s of index.samples('vigil_process_cpu_seconds_total'))
    group(s.labels.groupname ?? '').cpu += s.value;
  for (const s of index.samples('vigil_process_memory_bytes'))
    if (s.labels.memtype === 'resident') group(s.labels.groupname ?? '').rss += s.value;

  const apiDuration = new Map(
    index.samples('vigil_api_request_duration_seconds').map((s) => [s.labels.target, s.value]),
  );
  return {
    t: now,
    cpu,
    cpus: index.distinct('node_cpu_seconds_total', 'cpu'),
    memory:
      memTotal !== null && memAvailable !== null
        ? { total: memTotal, available: memAvailable }
        : null,
    load: load.every((l) => l !== null) ? (load as [number, number, number]) : null,
    disk: {
      read: index.sum('node_disk_read_bytes_total') ?? 0,
      written: index.sum('node_disk_written_bytes_total') ?? 0,
    },
    network: {
      received: index.sum('node_network_receive_bytes_total', notLoopback) ?? 0,
      sent: index.sum('node_network_transmit_bytes_total', notLoopback) ?? 0,
    },
    groups: [...groups.values()].sort((a, b) => b.rss - a.rss).slice(0, MAX_GROUPS),
    ports: index
      .samples('vigil_port_listening')
      .slice(0, MAX_PORTS)
      .map((s) => ({
        protocol: s.labels.protocol ?? '',
        address: s.labels.address ?? '',
        port: s.labels.port ?? '',
        process: s.labels.process ?? '',
      })),
    logs: index.samples('vigil_log_matches_total').map((s) => ({
      source: s.labels.source ?? '',
      rule: s.labels.rule ?? '',
      matches: s.value,
    })),
    apis: index.samples('vigil_api_up').map((s) => ({
      target: s.labels.target ?? '',
      up: s.value,
      seconds: apiDuration.get(s.labels.target) ?? null,
    })),
    failing: [...failed],
  };
}
