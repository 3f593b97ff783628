import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { anomaliesDashboard } from './dashboards/anomalies.js';
import { apisDashboard } from './dashboards/apis.js';
import { healthDashboard } from './dashboards/health.js';
import { hostDashboard } from './dashboards/host.js';
import { logsDashboard } from './dashboards/logs.js';
import { portsDashboard } from './dashboards/ports.js';
import { processesDashboard } from './dashboards/processes.js';

/** Every dashboard, by the file name it is written to in grafana/dashboards/. */
export function dashboards(): Record<string, Record<string, unknown>> {
  return {
    'host.json': hostDashboard(),
    'processes.json': processesDashboard(),
    'ports.json': portsDashboard(),
    'logs.json': logsDashboard(),
    'apis.json': apisDashboard(),
    'anomalies.json': anomaliesDashboard(),
    'health.json': healthDashboard(),
  };
}

/** The committed form of a dashboard. */
export function render(dashboard: Record<string, unknown>): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = new URL('../dashboards/', import.meta.url);
  for (const [name, d] of Object.entries(dashboards()))
    writeFileSync(new URL(name, dir), render(d));
  console.log(`wrote ${Object.keys(dashboards()).length} dashboards to grafana/dashboards/`);
}
