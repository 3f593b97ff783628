/**
 * Readers for platforms without procfs (macOS, Windows, BSD). They use Node's `os` module
 * where it suffices and systeminformation otherwise. systeminformation spawns shell
 * commands, some synchronously, so it is never used where /proc exists.
 */
import { stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { LoadAverages } from '../parsers/loadavg.js';

/** Loaded on first use: it is large, and Linux hosts never need it. */
async function si() {
  return (await import('systeminformation')).default;
}

const procfsSeen = new Map<string, boolean>();

/** True when procfs is mounted at the given path; checked once per path. */
export async function hasProcfs(procfs: string): Promise<boolean> {
  let known = procfsSeen.get(procfs);
  if (known === undefined) {
    known = await stat(join(procfs, 'stat')).then(
      () => true,
      () => false,
    );
    procfsSeen.set(procfs, known);
  }
  return known;
}

/** Load averages from Node's os module (zeros on Windows). */
export function osLoadavg(): LoadAverages {
  const [load1, load5, load15] = os.loadavg() as [number, number, number];
  return { load1, load5, load15 };
}

/** CPU seconds per CPU and mode, from os.cpus() (milliseconds). */
export function osCpuSeconds(): Array<{ cpu: string; mode: string; seconds: number }> {
  const out: Array<{ cpu: string; mode: string; seconds: number }> = [];
  os.cpus().forEach((cpu, i) => {
    const { user, nice, sys, idle, irq } = cpu.times;
    const modes: Record<string, number> = { user, nice, system: sys, idle, irq };
    for (const [mode, ms] of Object.entries(modes))
      out.push({ cpu: String(i), mode, seconds: ms / 1000 });
  });
  return out;
}

/** Memory figures under their /proc/meminfo names, in bytes. */
export async function siMemory(): Promise<Array<{ key: string; value: number }>> {
  const m = await (await si()).mem();
  return [
    { key: 'MemTotal', value: m.total },
    { key: 'MemFree', value: m.free },
    { key: 'MemAvailable', value: m.available },
    { key: 'Buffers', value: m.buffers },
    { key: 'Cached', value: m.cached },
    { key: 'SwapTotal', value: m.swaptotal },
    { key: 'SwapFree', value: m.swapfree },
  ];
}

export interface FallbackFilesystem {
  device: string;
  fsType: string;
  mountPoint: string;
  size: number;
  free: number;
  avail: number;
  readonly: boolean;
}

export async function siFilesystems(): Promise<FallbackFilesystem[]> {
  const list = await (await si()).fsSize();
  return list.map((f) => ({
    device: f.fs,
    fsType: f.type,
    mountPoint: f.mount,
    size: f.size,
    free: f.size - f.used,
    avail: f.available,
    readonly: f.rw === false,
  }));
}

/** Network counters under node_exporter's netdev names. */
export async function siNetwork(): Promise<Array<{ device: string; stats: Map<string, number> }>> {
  const list = await (await si()).networkStats('*');
  return list.map((n) => ({
    device: n.iface,
    stats: new Map([
      ['receive_bytes', n.rx_bytes],
      ['receive_errs', n.rx_errors],
      ['receive_drop', n.rx_dropped],
      ['transmit_bytes', n.tx_bytes],
      ['transmit_errs', n.tx_errors],
      ['transmit_drop', n.tx_dropped],
    ]),
  }));
}
