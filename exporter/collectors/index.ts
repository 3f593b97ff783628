import type { CollectorDefinition } from '../core/collector.js';
import { anomalyCollector } from './anomaly.js';
import { apisCollector } from './apis.js';
import { cpuCollector } from './cpu.js';
import { diskstatsCollector } from './diskstats.js';
import { filesystemCollector } from './filesystem.js';
import { loadavgCollector } from './loadavg.js';
import { logsCollector } from './logs.js';
import { meminfoCollector } from './meminfo.js';
import { netclassCollector } from './netclass.js';
import { netdevCollector } from './netdev.js';
import { osCollector } from './os.js';
import { portsCollector } from './ports.js';
import { pressureCollector } from './pressure.js';
import { processGroupsCollector } from './process-groups.js';
import { statCollector } from './stat.js';
import { timeCollector } from './time.js';
import { unameCollector } from './uname.js';

/** Every collector vigil has, sorted by name: the one list flags, docs and the exporter read. */
export const COLLECTORS: readonly CollectorDefinition[] = [
  anomalyCollector,
  apisCollector,
  cpuCollector,
  diskstatsCollector,
  filesystemCollector,
  loadavgCollector,
  logsCollector,
  meminfoCollector,
  netclassCollector,
  netdevCollector,
  osCollector,
  portsCollector,
  pressureCollector,
  processGroupsCollector,
  statCollector,
  timeCollector,
  unameCollector,
] as CollectorDefinition[];
