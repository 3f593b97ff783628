import { join } from 'node:path';
import { parseSource, readText } from '../collectors/source.js';
import type { HostPaths } from '../core/collector.js';
import { parseDiskstats } from '../parsers/diskstats.js';
import { parseLoadavg } from '../parsers/loadavg.js';
import { parseMeminfo } from '../parsers/meminfo.js';
import { parseNetDev } from '../parsers/net-dev.js';
import { parseProcStat } from '../parsers/proc-stat.js';
import type { Signal } from './signal-names.js';

/** Sectors are 512 bytes in /proc/diskstats whatever the device's own sector size. */
const SECTOR = 512;
/** Columns of /proc/diskstats after the name: sectors read and sectors written. */
const SECTORS_READ = 2;
const SECTORS_WRITTEN = 6;

interface Counters {
  at: number;
  cpuBusy: number;
  cpuTotal: number;
  diskBytes: number;
  netBytes: number;
}

/**
 * The host signals the anomaly models watch, read straight from /proc: CPU utilisation,
 * memory in use, load per CPU, disk bytes a second and network bytes a second (loopback
 * left out). Rates need two readings, so the first gives NaN for them; so does a file that
 * cannot be read (a gap, which the models skip).
 */
export class HostSignals {
  private previous: Counters | null = null;

  constructor(
    private readonly paths: HostPaths,
    /** The disks to count, as the diskstats collector's settings in force now keep them. */
    private readonly diskFilter: () => (device: string) => boolean,
  ) {}

  read(now = Date.now()): Record<Signal, number> {
    const out: Record<Signal, number> = {
      cpu: Number.NaN,
      memory: Number.NaN,
      load: Number.NaN,
      disk_io: Number.NaN,
      network: Number.NaN,
    };
    const proc = (name: string) => join(this.paths.procfs, name);
    const attempt = <T>(read: () => T): T | null => {
      try {
        return read();
      } catch {
        return null;
      }
    };
    const stat = attempt(() => parseSource(proc('stat'), readText(proc('stat')), parseProcStat));
    let cpuBusy = Number.NaN;
    let cpuTotal = Number.NaN;
    if (stat) {
      cpuBusy = 0;
      cpuTotal = 0;
      for (const c of stat.cpus)
        for (const [mode, ticks] of Object.entries(c.ticks)) {
          cpuTotal += ticks;
          if (mode !== 'idle' && mode !== 'iowait' && mode !== 'steal') cpuBusy += ticks;
        }
    }
    const mem = attempt(() => parseMeminfo(readText(proc('meminfo'))));
    const total = mem?.find((f) => f.key === 'MemTotal')?.value;
    const available = mem?.find((f) => f.key === 'MemAvailable')?.value;
    if (total && available !== undefined) out.memory = 1 - available / total;
    const load = attempt(() => parseLoadavg(readText(proc('loadavg'))));
    if (load && stat && stat.cpus.length > 0) out.load = load[0] / stat.cpus.length;
    const disks = attempt(() => parseDiskstats(readText(proc('diskstats'))));
    let diskBytes = Number.NaN;
    if (disks) {
      diskBytes = 0;
      const isDisk = this.diskFilter();
      for (const d of disks)
        if (isDisk(d.device))
          diskBytes += ((d.stats[SECTORS_READ] ?? 0) + (d.stats[SECTORS_WRITTEN] ?? 0)) * SECTOR;
    }
    const net = attempt(() => parseNetDev(readText(proc('net/dev'))));
    let netBytes = Number.NaN;
    if (net) {
      netBytes = 0;
      for (const n of net)
        if (n.device !== 'lo')
          netBytes += (n.stats.get('receive_bytes') ?? 0) + (n.stats.get('transmit_bytes') ?? 0);
    }

    const p = this.previous;
    if (p) {
      const dt = (now - p.at) / 1000;
      const rate = (a: number, b: number) => (dt > 0 && a >= b ? (a - b) / dt : Number.NaN);
      const ticks = cpuTotal - p.cpuTotal;
      if (ticks > 0) out.cpu = (cpuBusy - p.cpuBusy) / ticks;
      out.disk_io = rate(diskBytes, p.diskBytes);
      out.network = rate(netBytes, p.netBytes);
    }
    this.previous = { at: now, cpuBusy, cpuTotal, diskBytes, netBytes };
    return out;
  }
}
