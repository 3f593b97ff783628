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
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; }
td, th { padding: .25rem .75rem; border-bottom: 1px solid #ddd; text-align: left; }
.ok { color: #1a7f37; } .failed { color: #cf222e; } .unknown { color: #666; }
</style>
</head>
<body>
<h1>vigil exporter</h1>
<p>Version ${escapeHtml(info.version)} (revision ${escapeHtml(info.revision)}), Node.js ${escapeHtml(process.versions.node)}</p>
<ul>
<li><a href="${metrics}">${metrics}</a>: metrics for Prometheus</li>
<li><a href="-/healthy">/-/healthy</a> and <a href="-/ready">/-/ready</a>: health checks</li>
</ul>
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
