import type { CollectorStatus } from '../core/runner.js';

export interface LandingInfo {
  readonly version: string;
  readonly revision: string;
  readonly telemetryPath: string;
  readonly collectors: readonly CollectorStatus[];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function statusCell(s: CollectorStatus): string {
  if (s.success === null) return '<td class="unknown">not scraped yet</td>';
  if (s.success) return '<td class="ok">ok</td>';
  return `<td class="failed">failed: ${escapeHtml(s.error ?? 'unknown error')}</td>`;
}

const NO_GROUPS =
  'No process groups reported — turn the process_groups collector on (<code>--collector.process_groups</code>) or check <code>processes.groups</code> in the config file (see docs/configuration.md).';

/**
 * The note shown in place of a chart or table while the live stream has nothing for it (no
 * log rules, no API targets, a collector turned off); live.js shows it, since only the
 * stream knows. Hidden until then, and static, so the page needs no inline script.
 */
function empty(target: string, html: string): string {
  return `<p class="empty" data-empty-for="${target}" hidden><span>${html}</span></p>`;
}

/** The page at `/`: what this exporter is, what it collects, and how each collector last fared. */
export function renderLanding(info: LandingInfo): string {
  const rows = info.collectors
    .map((s) => {
      const duration =
        s.durationSeconds === null ? '' : `${(s.durationSeconds * 1000).toFixed(1)} ms`;
      return `<tr><td>${escapeHtml(s.name)}</td>${statusCell(s)}<td>${duration}</td></tr>`;
    })
    .join('\n');
  const metrics = escapeHtml(info.telemetryPath);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>vigil exporter</title>
<link rel="icon" href="data:,">
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; }
td, th { padding: .25rem .75rem; border-bottom: 1px solid #ddd; text-align: left; }
.ok { color: #1a7f37; } .failed { color: #cf222e; } .unknown { color: #666; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 1rem; }
.chart { height: 220px; }
h3 { margin: .5rem 0 0; font-size: 1rem; }
#live-status { color: #666; }
[hidden] { display: none !important; }
.empty { color: #555; background: #f6f8fa; border: 1px dashed #ccc; border-radius: 4px; padding: .75rem 1rem; max-width: 48rem; }
.charts .empty { height: 220px; max-width: none; box-sizing: border-box; margin: 0; display: flex; align-items: center; justify-content: center; text-align: center; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
</style>
</head>
<body>
<h1>vigil exporter</h1>
<p>Version ${escapeHtml(info.version)} (revision ${escapeHtml(info.revision)}), Node.js ${escapeHtml(process.versions.node)}</p>
<ul>
<li><a href="${metrics}">${metrics}</a>: metrics for Prometheus</li>
<li><a href="-/healthy">/-/healthy</a> and <a href="-/ready">/-/ready</a>: health checks</li>
</ul>
<h2>Live</h2>
<p id="live-status">connecting…</p>
<div class="charts">
<div><h3>CPU busy</h3><div class="chart" id="chart-cpu"></div></div>
<div><h3>Memory used</h3><div class="chart" id="chart-memory"></div></div>
<div><h3>Disk I/O</h3><div class="chart" id="chart-disk"></div></div>
<div><h3>Network</h3><div class="chart" id="chart-network"></div></div>
<div><h3>Load</h3><div class="chart" id="chart-load"></div></div>
<div><h3>Log matches</h3><div class="chart" id="chart-logs"></div>
${empty('chart-logs', 'No log rules configured — add <code>logs.sources</code> to the config file (see docs/configuration.md).')}</div>
<div><h3>Process groups by CPU</h3><div class="chart" id="chart-groups-cpu"></div>
${empty('chart-groups-cpu', NO_GROUPS)}</div>
<div><h3>Process groups by memory</h3><div class="chart" id="chart-groups-memory"></div>
${empty('chart-groups-memory', NO_GROUPS)}</div>
</div>
<h3>Listening ports</h3>
<table id="table-ports"></table>
${empty('table-ports', 'No listening ports reported — turn the ports collector on (<code>--collector.ports</code>).')}
<h3>APIs</h3>
<table id="table-apis"></table>
${empty('table-apis', 'No API targets configured — add <code>apis</code> to the config file (see docs/configuration.md).')}
<script src="static/echarts.min.js"></script>
<script src="static/live.js"></script>
<h2>Collectors</h2>
<table>
<thead><tr><th>collector</th><th>last scrape</th><th>duration</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}
