// Importing a collector module registers it. Keep the list sorted.
import './anomaly.js';
import './apis.js';
import './cpu.js';
import './diskstats.js';
import './filesystem.js';
import './loadavg.js';
import './logs.js';
import './meminfo.js';
import './netclass.js';
import './netdev.js';
import './os.js';
import './ports.js';
import './processes.js';
import './pressure.js';
import './stat.js';
import './time.js';
import './uname.js';
