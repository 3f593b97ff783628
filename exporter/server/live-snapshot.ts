import type { MetricFamily, Sample } from '../exposition/types.js';

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

function samples(families: Map<string, MetricFamily>, name: string): readonly Sample[] {
  return families.get(name)?.samples ?? [];
}

function value(families: Map<string, MetricFamily>, name: string): number | null {
  return samples(families, name)[0]?.value ?? null;
}

function total(list: readonly Sample[], keep: (s: Sample) => boolean = () => true): number {
  let sum = 0;
  for (const s of list) if (keep(s)) sum += s.value;
  return sum;
}

export function liveSnapshot(list: readonly MetricFamily[], now = Date.now()): LiveSnapshot {
  const families = new Map(list.map((f) => [f.name, f]));
  const cpu: Record<string, number> = {};
  const cpuIds = new Set<string>();
  for (const s of samples(families, 'node_cpu_seconds_total')) {
    const mode = s.labels.mode ?? '';
    cpu[mode] = (cpu[mode] ?? 0) + s.value;
    cpuIds.add(s.labels.cpu ?? '');
  }
  const memTotal = value(families, 'node_memory_MemTotal_bytes');
  const memAvailable = value(families, 'node_memory_MemAvailable_bytes');
  const load = ['node_load1', 'node_load5', 'node_load15'].map((n) => value(families, n));
  const notLoopback = (s: Sample) => s.labels.device !== 'lo';

  const groups = new Map<string, { name: string; cpu: number; rss: number }>();
  const group = (name: string) => {
    let g = groups.get(name);
    if (!g) {
      g = { name, cpu: 0, rss: 0 };
      groups.set(name, g);
    }
    return g;
  };
  for (const s of samples(families, 'vigil_process_cpu_seconds_total'))
    group(s.labels.groupname ?? '').cpu += s.value;
  for (const s of samples(families, 'vigil_process_memory_bytes'))
    if (s.labels.memtype === 'resident') group(s.labels.groupname ?? '').rss += s.value;

  const apiDuration = new Map(
    samples(families, 'vigil_api_request_duration_seconds').map((s) => [s.labels.target, s.value]),
  );
  return {
    t: now,
    cpu,
    cpus: cpuIds.size,
    memory:
      memTotal !== null && memAvailable !== null
        ? { total: memTotal, available: memAvailable }
        : null,
    load: load.every((l) => l !== null) ? (load as [number, number, number]) : null,
    disk: {
      read: total(samples(families, 'node_disk_read_bytes_total')),
      written: total(samples(families, 'node_disk_written_bytes_total')),
    },
    network: {
      received: total(samples(families, 'node_network_receive_bytes_total'), notLoopback),
      sent: total(samples(families, 'node_network_transmit_bytes_total'), notLoopback),
    },
    groups: [...groups.values()].sort((a, b) => b.rss - a.rss).slice(0, MAX_GROUPS),
    ports: samples(families, 'vigil_port_listening')
      .slice(0, MAX_PORTS)
      .map((s) => ({
        protocol: s.labels.protocol ?? '',
        address: s.labels.address ?? '',
        port: s.labels.port ?? '',
        process: s.labels.process ?? '',
      })),
    logs: samples(families, 'vigil_log_matches_total').map((s) => ({
      source: s.labels.source ?? '',
      rule: s.labels.rule ?? '',
      matches: s.value,
    })),
    apis: samples(families, 'vigil_api_up').map((s) => ({
      target: s.labels.target ?? '',
      up: s.value,
      seconds: apiDuration.get(s.labels.target) ?? null,
    })),
    failing: samples(families, 'vigil_scrape_collector_success')
      .filter((s) => s.value === 0)
      .map((s) => s.labels.collector ?? ''),
  };
}
