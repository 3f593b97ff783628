import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArp } from '../../exporter/parsers/arp.js';
import {
  parseBcacheValue,
  parsePriorityStats,
  parseWritebackRateDebug,
} from '../../exporter/parsers/bcache.js';
import { parseBtrfsValue } from '../../exporter/parsers/btrfs.js';
import { parseBuddyinfo } from '../../exporter/parsers/buddyinfo.js';
import { parseCgroups } from '../../exporter/parsers/cgroups.js';
import { parseCpuinfo } from '../../exporter/parsers/cpuinfo.js';
import { parseDiskstats } from '../../exporter/parsers/diskstats.js';
import { parseDrbd } from '../../exporter/parsers/drbd.js';
import { parseExpositionText } from '../../exporter/parsers/exposition-text.js';
import { parseFileNr } from '../../exporter/parsers/file-nr.js';
import { parseHwmonValue } from '../../exporter/parsers/hwmon.js';
import { parseInetDiag } from '../../exporter/parsers/inet-diag.js';
import { parseInterrupts } from '../../exporter/parsers/interrupts.js';
import { parseIpvsBackends, parseIpvsStats } from '../../exporter/parsers/ip-vs.js';
import { parseLoadavg } from '../../exporter/parsers/loadavg.js';
import { parseMdstat } from '../../exporter/parsers/mdstat.js';
import { parseMeminfo } from '../../exporter/parsers/meminfo.js';
import { parseMounts } from '../../exporter/parsers/mounts.js';
import { parseMountinfoAddrs, parseMountStats } from '../../exporter/parsers/mountstats.js';
import { parseNetDev } from '../../exporter/parsers/net-dev.js';
import { parseNfsClient, parseNfsServer } from '../../exporter/parsers/net-rpc-nfs.js';
import { parseNetSockets } from '../../exporter/parsers/net-sockets.js';
import { parseNetStat } from '../../exporter/parsers/net-stat.js';
import { parseNetstat, parseSnmp6 } from '../../exporter/parsers/netstat.js';
import { parseNfConntrackStat } from '../../exporter/parsers/nf-conntrack-stat.js';
import { parseNodeMeminfo, parseNumastat } from '../../exporter/parsers/node-meminfo.js';
import { parseOsRelease } from '../../exporter/parsers/os-release.js';
import { ParseError } from '../../exporter/parsers/parse-error.js';
import { parsePidStat } from '../../exporter/parsers/pid-stat.js';
import {
  parseMaxOpenFiles,
  parsePidIo,
  parsePidStatus,
} from '../../exporter/parsers/pid-status.js';
import { parsePowerSupplyAttribute } from '../../exporter/parsers/power-supply.js';
import { parseRaplZoneName } from '../../exporter/parsers/powercap.js';
import { parsePressure } from '../../exporter/parsers/pressure.js';
import { parseProcStat } from '../../exporter/parsers/proc-stat.js';
import { parseSchedstat } from '../../exporter/parsers/schedstat.js';
import { parseSelinuxfsMounts } from '../../exporter/parsers/selinux.js';
import { parseSlabinfo } from '../../exporter/parsers/slabinfo.js';
import { parseSockstat } from '../../exporter/parsers/sockstat.js';
import { parseSoftnetStat } from '../../exporter/parsers/softnet-stat.js';
import { parseCpuList } from '../../exporter/parsers/sys-cpu.js';
import { parseSysUint } from '../../exporter/parsers/sys-uint.js';
import { parseSysctlInts, parseSysctlStrings } from '../../exporter/parsers/sysctl.js';
import {
  parseInfinibandRate,
  parseInfinibandState,
  parseSysfsUint,
} from '../../exporter/parsers/sysfs-class.js';
import { parseSysInt } from '../../exporter/parsers/thermal.js';
import { parseUdevProperties } from '../../exporter/parsers/udev.js';
import { parseUdpQueues } from '../../exporter/parsers/udp-queues.js';
import { parseVmstat } from '../../exporter/parsers/vmstat.js';
import { parseXfsStat } from '../../exporter/parsers/xfs-stat.js';
import {
  parseKstat,
  parseZfsObjset,
  parseZpoolIo,
  parseZpoolState,
} from '../../exporter/parsers/zfs-kstat.js';
import { parseZoneinfo } from '../../exporter/parsers/zoneinfo.js';
import { mutated } from '../helpers/mutate.js';

const fixture = (path: string) =>
  readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

/** Each parser of outside input, with a real file it reads. */
/** The states the ports collector keeps: its fast path reads them by position. */
const LISTEN = new Set(['0A']);

const PARSERS: Array<[string, (text: string) => unknown, string]> = [
  ['parseProcStat', parseProcStat, 'host/proc/stat'],
  ['parseProcStat', parseProcStat, 'node-exporter-1.5/proc/stat'],
  ['parseSchedstat', parseSchedstat, 'node-exporter-1.5/proc/schedstat'],
  ['parseInterrupts', parseInterrupts, 'node-exporter-1.5/proc/interrupts'],
  ['parseSysUint', parseSysUint, 'node-exporter-1.5/proc/sys/kernel/threads-max'],
  ['parseSysUint', parseSysUint, 'node-exporter-1.5/sys/kernel/mm/ksm/sleep_millisecs'],
  ['parseSelinuxfsMounts', parseSelinuxfsMounts, 'node-exporter-1.5/proc/10/mountinfo'],
  ['parseCpuinfo', parseCpuinfo, 'node-exporter-1.5/proc/cpuinfo'],
  ['parseCpuList', parseCpuList, 'node-exporter-1.5/sys/devices/system/cpu/isolated'],
  ['parseMeminfo', parseMeminfo, 'host/proc/meminfo'],
  ['parseLoadavg', parseLoadavg, 'host/proc/loadavg'],
  [
    'parseExpositionText',
    parseExpositionText,
    'node-exporter-1.5/textfile/different_metric_types/metrics.prom',
  ],
  [
    'parseExpositionText',
    parseExpositionText,
    'node-exporter-1.5/textfile/summary_extra_dimension/metrics.prom',
  ],
  ['parseDiskstats', parseDiskstats, 'host/proc/diskstats'],
  ['parseDrbd', parseDrbd, 'node-exporter-1.5/proc/drbd'],
  ['parseIpvsStats', parseIpvsStats, 'node-exporter-1.5/proc/net/ip_vs_stats'],
  ['parseIpvsBackends', parseIpvsBackends, 'node-exporter-1.5/proc/net/ip_vs'],
  [
    'parseInfinibandState',
    parseInfinibandState,
    'node-exporter-1.5/sys/class/infiniband/mlx4_0/ports/1/state',
  ],
  [
    'parseInfinibandRate',
    parseInfinibandRate,
    'node-exporter-1.5/sys/class/infiniband/mlx4_0/ports/1/rate',
  ],
  [
    'parseSysfsUint',
    parseSysfsUint,
    'node-exporter-1.5/sys/class/fc_host/host0/statistics/fcp_packet_aborts',
  ],
  ['parseNetDev', parseNetDev, 'host/proc/net/dev'],
  ['parseMounts', parseMounts, 'host/proc/1/mounts'],
  ['parseMountStats', parseMountStats, 'node-exporter-1.5/proc/10/mountstats'],
  ['parseMountinfoAddrs', parseMountinfoAddrs, 'node-exporter-1.5/proc/10/mountinfo'],
  ['parsePressure', parsePressure, 'host/proc/pressure/io'],
  ['parseOsRelease', parseOsRelease, 'host/root/etc/os-release'],
  ['parseUdevProperties', parseUdevProperties, 'host/root/run/udev/data/b254:0'],
  ['parsePidStat', parsePidStat, 'procs/proc/3/stat'],
  ['parsePidStatus', parsePidStatus, 'procs/proc/3/status'],
  ['parsePidIo', parsePidIo, 'procs/proc/3/io'],
  ['parseMaxOpenFiles', parseMaxOpenFiles, 'procs/proc/3/limits'],
  ['parseNetSockets', parseNetSockets, 'procs/proc/net/tcp'],
  [
    'parseNetSockets, listeners only',
    (t: string) => parseNetSockets(t, LISTEN),
    'procs/proc/net/tcp',
  ],
  [
    'parseInetDiag, a recv in hex per line',
    (t: string) => t.split('\n').map((line) => parseInetDiag(Buffer.from(line, 'hex'), true)),
    'inet-diag/tcp.hex',
  ],
  ['parseNetstat', parseNetstat, 'node-exporter-1.5/proc/net/netstat'],
  ['parseNetstat', parseNetstat, 'node-exporter-1.5/proc/net/snmp'],
  ['parseSnmp6', parseSnmp6, 'node-exporter-1.5/proc/net/snmp6'],
  ['parseNfsClient', parseNfsClient, 'node-exporter-1.5/proc/net/rpc/nfs'],
  ['parseNfsServer', parseNfsServer, 'node-exporter-1.5/proc/net/rpc/nfsd'],
  ['parseSockstat', parseSockstat, 'node-exporter-1.5/proc/net/sockstat'],
  ['parseUdpQueues', parseUdpQueues, 'node-exporter-1.5/proc/net/udp'],
  ['parseVmstat', parseVmstat, 'node-exporter-1.5/proc/vmstat'],
  ['parseSoftnetStat', parseSoftnetStat, 'node-exporter-1.5/proc/net/softnet_stat'],
  ['parseSysUint', parseSysUint, 'node-exporter-1.5/proc/sys/kernel/random/entropy_avail'],
  ['parseFileNr', parseFileNr, 'node-exporter-1.5/proc/sys/fs/file-nr'],
  ['parseNfConntrackStat', parseNfConntrackStat, 'node-exporter-1.5/proc/net/stat/nf_conntrack'],
  ['parseArp', parseArp, 'node-exporter-1.5/proc/net/arp'],
  ['parseBuddyinfo', parseBuddyinfo, 'node-exporter-1.5/proc/buddyinfo'],
  ['parseZoneinfo', parseZoneinfo, 'node-exporter-1.5/proc/zoneinfo'],
  ['parseKstat', parseKstat, 'node-exporter-1.5/proc/spl/kstat/zfs/arcstats'],
  ['parseKstat', parseKstat, 'node-exporter-1.5/proc/spl/kstat/zfs/dbuf_stats'],
  ['parseZfsObjset', parseZfsObjset, 'node-exporter-1.5/proc/spl/kstat/zfs/pool1/objset-2'],
  ['parseZpoolIo', parseZpoolIo, 'node-exporter-1.5/proc/spl/kstat/zfs/poolz1/io'],
  ['parseZpoolState', parseZpoolState, 'node-exporter-1.5/proc/spl/kstat/zfs/poolz1/state'],
  ['parseSlabinfo', parseSlabinfo, 'node-exporter-1.5/proc/slabinfo'],
  ['parseCgroups', parseCgroups, 'node-exporter-1.5/proc/cgroups'],
  ['parseNetStat', parseNetStat, 'node-exporter-1.5/proc/net/stat/arp_cache'],
  ['parseNetStat', parseNetStat, 'node-exporter-1.5/proc/net/stat/nf_conntrack'],
  ['parseSysctlInts', parseSysctlInts, 'node-exporter-1.5/proc/sys/fs/file-nr'],
  [
    'parseSysctlStrings',
    parseSysctlStrings,
    'node-exporter-1.5/proc/sys/kernel/seccomp/actions_avail',
  ],
  ['parseNodeMeminfo', parseNodeMeminfo, 'node-exporter-1.5/sys/devices/system/node/node0/meminfo'],
  ['parseNumastat', parseNumastat, 'node-exporter-1.5/sys/devices/system/node/node0/numastat'],
  ['parseMdstat', parseMdstat, 'node-exporter-1.5/proc/mdstat'],
  ['parseXfsStat', parseXfsStat, 'node-exporter-1.5/sys/fs/xfs/sda1/stats/stats'],
  [
    'parseBtrfsValue',
    parseBtrfsValue,
    'node-exporter-1.5/sys/fs/btrfs/0abb23a9-579b-43e6-ad30-227ef47fcb9d/allocation/global_rsv_size',
  ],
  [
    'parseBcacheValue',
    parseBcacheValue,
    'node-exporter-1.5/sys/fs/bcache/deaddd54-c735-46d5-868e-f331c5fd7c74/internal/btree_read_average_duration_us',
  ],
  [
    'parseWritebackRateDebug',
    parseWritebackRateDebug,
    'node-exporter-1.5/sys/devices/pci0000:00/0000:00:0d.0/ata4/host3/target3:0:0/3:0:0:0/block/sdb/bcache/writeback_rate_debug',
  ],
  [
    'parsePriorityStats',
    parsePriorityStats,
    'node-exporter-1.5/sys/devices/pci0000:00/0000:00:0d.0/ata5/host4/target4:0:0/4:0:0:0/block/sdc/bcache/priority_stats',
  ],
  ['parseSysInt', parseSysInt, 'node-exporter-1.5/sys/devices/virtual/thermal/thermal_zone0/temp'],
  [
    'parseRaplZoneName',
    parseRaplZoneName,
    'node-exporter-1.5/sys/class/powercap/intel-rapl:0/name',
  ],
  ['parseSysUint', parseSysUint, 'node-exporter-1.5/sys/class/powercap/intel-rapl:0/energy_uj'],
  [
    'parseHwmonValue',
    parseHwmonValue,
    'node-exporter-1.5/sys/devices/platform/coretemp.0/hwmon/hwmon0/temp1_input',
  ],
  [
    'parsePowerSupplyAttribute',
    (text: string) => parsePowerSupplyAttribute('energy_full', new TextEncoder().encode(text)),
    'node-exporter-1.5/sys/class/power_supply/BAT0/energy_full',
  ],
];

describe.each(PARSERS)('%s on mutated real input', (_name, parse, file) => {
  const text = fixture(file);

  it('parses the unmutated file', () => {
    expect(() => parse(text)).not.toThrow();
  });

  it('returns a result or throws ParseError, never anything else', () => {
    fc.assert(
      fc.property(mutated(text), (input) => {
        try {
          parse(input);
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
        }
      }),
      { numRuns: 300 },
    );
  });
});
