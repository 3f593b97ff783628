import type { CollectorDefinition } from '../core/collector.js';
import { anomalyCollector } from './anomaly.js';
import { apisCollector } from './apis.js';
import { arpCollector } from './arp.js';
import { bcacheCollector } from './bcache.js';
import { bondingCollector } from './bonding.js';
import { btrfsCollector } from './btrfs.js';
import { buddyinfoCollector } from './buddyinfo.js';
import { cgroupsCollector } from './cgroups.js';
import { conntrackCollector } from './conntrack.js';
import { cpuCollector } from './cpu.js';
import { cpufreqCollector } from './cpufreq.js';
import { diskstatsCollector } from './diskstats.js';
import { dmiCollector } from './dmi.js';
import { drbdCollector } from './drbd.js';
import { edacCollector } from './edac.js';
import { entropyCollector } from './entropy.js';
import { fibrechannelCollector } from './fibrechannel.js';
import { filefdCollector } from './filefd.js';
import { filesystemCollector } from './filesystem.js';
import { hwmonCollector } from './hwmon.js';
import { infinibandCollector } from './infiniband.js';
import { interruptsCollector } from './interrupts.js';
import { ipvsCollector } from './ipvs.js';
import { ksmdCollector } from './ksmd.js';
import { lnstatCollector } from './lnstat.js';
import { loadavgCollector } from './loadavg.js';
import { logsCollector } from './logs.js';
import { mdadmCollector } from './mdadm.js';
import { meminfoCollector } from './meminfo.js';
import { meminfoNumaCollector } from './meminfo-numa.js';
import { mountstatsCollector } from './mountstats.js';
import { netclassCollector } from './netclass.js';
import { netdevCollector } from './netdev.js';
import { netstatCollector } from './netstat.js';
import { nfsCollector } from './nfs.js';
import { nfsdCollector } from './nfsd.js';
import { nvmeCollector } from './nvme.js';
import { osCollector } from './os.js';
import { portsCollector } from './ports.js';
import { powersupplyclassCollector } from './powersupplyclass.js';
import { pressureCollector } from './pressure.js';
import { processGroupsCollector } from './process-groups.js';
import { processesCollector } from './processes.js';
import { raplCollector } from './rapl.js';
import { schedstatCollector } from './schedstat.js';
import { selinuxCollector } from './selinux.js';
import { slabinfoCollector } from './slabinfo.js';
import { sockstatCollector } from './sockstat.js';
import { softnetCollector } from './softnet.js';
import { statCollector } from './stat.js';
import { sysctlCollector } from './sysctl.js';
import { tapestatsCollector } from './tapestats.js';
import { textfileCollector } from './textfile.js';
import { thermalZoneCollector } from './thermal-zone.js';
import { timeCollector } from './time.js';
import { timexCollector } from './timex.js';
import { udpQueuesCollector } from './udp-queues.js';
import { unameCollector } from './uname.js';
import { vmstatCollector } from './vmstat.js';
import { xfsCollector } from './xfs.js';
import { zfsCollector } from './zfs.js';
import { zoneinfoCollector } from './zoneinfo.js';

/** Every collector vigil has, sorted by name: the one list flags, docs and the exporter read. */
export const COLLECTORS: readonly CollectorDefinition[] = [
  anomalyCollector,
  apisCollector,
  arpCollector,
  bcacheCollector,
  bondingCollector,
  btrfsCollector,
  buddyinfoCollector,
  cgroupsCollector,
  conntrackCollector,
  cpuCollector,
  cpufreqCollector,
  diskstatsCollector,
  dmiCollector,
  drbdCollector,
  edacCollector,
  entropyCollector,
  fibrechannelCollector,
  filefdCollector,
  filesystemCollector,
  hwmonCollector,
  infinibandCollector,
  interruptsCollector,
  ipvsCollector,
  ksmdCollector,
  lnstatCollector,
  loadavgCollector,
  logsCollector,
  mdadmCollector,
  meminfoCollector,
  meminfoNumaCollector,
  mountstatsCollector,
  netclassCollector,
  netdevCollector,
  netstatCollector,
  nfsCollector,
  nfsdCollector,
  nvmeCollector,
  osCollector,
  portsCollector,
  powersupplyclassCollector,
  pressureCollector,
  processGroupsCollector,
  processesCollector,
  raplCollector,
  schedstatCollector,
  selinuxCollector,
  slabinfoCollector,
  sockstatCollector,
  softnetCollector,
  statCollector,
  sysctlCollector,
  tapestatsCollector,
  textfileCollector,
  thermalZoneCollector,
  timeCollector,
  timexCollector,
  udpQueuesCollector,
  unameCollector,
  vmstatCollector,
  xfsCollector,
  zfsCollector,
  zoneinfoCollector,
] as CollectorDefinition[];
