import type { CollectorDefinition } from '../core/collector.js';
import { anomalyCollector } from './anomaly.js';
import { apisCollector } from './apis.js';
import { arpCollector } from './arp.js';
import { buddyinfoCollector } from './buddyinfo.js';
import { cgroupsCollector } from './cgroups.js';
import { conntrackCollector } from './conntrack.js';
import { cpuCollector } from './cpu.js';
import { diskstatsCollector } from './diskstats.js';
import { entropyCollector } from './entropy.js';
import { filefdCollector } from './filefd.js';
import { filesystemCollector } from './filesystem.js';
import { interruptsCollector } from './interrupts.js';
import { ksmdCollector } from './ksmd.js';
import { lnstatCollector } from './lnstat.js';
import { loadavgCollector } from './loadavg.js';
import { logsCollector } from './logs.js';
import { meminfoCollector } from './meminfo.js';
import { meminfoNumaCollector } from './meminfo-numa.js';
import { netclassCollector } from './netclass.js';
import { netdevCollector } from './netdev.js';
import { netstatCollector } from './netstat.js';
import { osCollector } from './os.js';
import { portsCollector } from './ports.js';
import { pressureCollector } from './pressure.js';
import { processGroupsCollector } from './process-groups.js';
import { processesCollector } from './processes.js';
import { schedstatCollector } from './schedstat.js';
import { selinuxCollector } from './selinux.js';
import { slabinfoCollector } from './slabinfo.js';
import { sockstatCollector } from './sockstat.js';
import { softnetCollector } from './softnet.js';
import { statCollector } from './stat.js';
import { sysctlCollector } from './sysctl.js';
import { textfileCollector } from './textfile.js';
import { timeCollector } from './time.js';
import { timexCollector } from './timex.js';
import { udpQueuesCollector } from './udp-queues.js';
import { unameCollector } from './uname.js';
import { vmstatCollector } from './vmstat.js';
import { zoneinfoCollector } from './zoneinfo.js';

/** Every collector vigil has, sorted by name: the one list flags, docs and the exporter read. */
export const COLLECTORS: readonly CollectorDefinition[] = [
  anomalyCollector,
  apisCollector,
  arpCollector,
  buddyinfoCollector,
  cgroupsCollector,
  conntrackCollector,
  cpuCollector,
  diskstatsCollector,
  entropyCollector,
  filefdCollector,
  filesystemCollector,
  interruptsCollector,
  ksmdCollector,
  lnstatCollector,
  loadavgCollector,
  logsCollector,
  meminfoCollector,
  meminfoNumaCollector,
  netclassCollector,
  netdevCollector,
  netstatCollector,
  osCollector,
  portsCollector,
  pressureCollector,
  processGroupsCollector,
  processesCollector,
  schedstatCollector,
  selinuxCollector,
  slabinfoCollector,
  sockstatCollector,
  softnetCollector,
  statCollector,
  sysctlCollector,
  textfileCollector,
  timeCollector,
  timexCollector,
  udpQueuesCollector,
  unameCollector,
  vmstatCollector,
  zoneinfoCollector,
] as CollectorDefinition[];
