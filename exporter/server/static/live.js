// The live view at /: one snapshot every two seconds from /live (server-sent events), turned
// into rates here and drawn with ECharts. History is the last 15 minutes, kept only in this
// page. Plain script, no build step; ECharts is served from the installed package.
/* global echarts */
(() => {
  const HISTORY_MS = 15 * 60 * 1000;
  const TOP = 8;
  const series = new Map(); // name -> [[t, value], ...]
  const charts = new Map();
  let previous = null;
  const state = { snapshots: 0, latest: {} };
  window.vigilLive = state;

  const bytes = (v) => {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    let n = Math.abs(v);
    while (n >= 1024 && i < units.length - 1) {
      n /= 1024;
      i++;
    }
    return `${(Math.sign(v) * n).toFixed(n < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
  };
  const percent = (v) => `${(v * 100).toFixed(1)}%`;

  function push(name, t, value) {
    if (!Number.isFinite(value)) return;
    let points = series.get(name);
    if (!points) {
      points = [];
      series.set(name, points);
    }
    points.push([t, value]);
    while (points.length > 0 && points[0][0] < t - HISTORY_MS) points.shift();
  }

  function lineChart(id, names, format) {
    let chart = charts.get(id);
    if (!chart) {
      chart = echarts.init(document.getElementById(id));
      charts.set(id, chart);
    }
    chart.setOption(
      {
        animation: false,
        grid: { left: 70, right: 16, top: 30, bottom: 30 },
        legend: { top: 0, type: 'scroll' },
        tooltip: { trigger: 'axis', valueFormatter: format },
        xAxis: { type: 'time' },
        yAxis: { type: 'value', axisLabel: { formatter: format } },
        series: names.map((name) => ({
          name,
          type: 'line',
          showSymbol: false,
          data: series.get(name) ?? [],
        })),
      },
      { replaceMerge: ['series'] },
    );
  }

  function barChart(id, rows, format) {
    let chart = charts.get(id);
    if (!chart) {
      chart = echarts.init(document.getElementById(id));
      charts.set(id, chart);
    }
    chart.setOption({
      animation: false,
      grid: { left: 140, right: 60, top: 10, bottom: 20 },
      xAxis: { type: 'value', axisLabel: { formatter: format, hideOverlap: true } },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r[0]) },
      series: [
        {
          type: 'bar',
          data: rows.map((r) => r[1]),
          label: { show: true, position: 'right', formatter: (p) => format(p.value) },
        },
      ],
    });
  }

  function table(id, head, rows) {
    const el = document.getElementById(id);
    const cells = (tag, values) =>
      values.map((v) => `<${tag}>${escapeHtml(String(v))}</${tag}>`).join('');
    el.innerHTML = `<thead><tr>${cells('th', head)}</tr></thead><tbody>${rows
      .map((r) => `<tr>${cells('td', r)}</tr>`)
      .join('')}</tbody>`;
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  function draw(s) {
    const t = s.t;
    const p = previous;
    const dt = p ? (t - p.t) / 1000 : 0;
    const rate = (now, before) => (p && dt > 0 ? Math.max(0, (now - before) / dt) : Number.NaN);
    if (p) {
      const idle = ['idle', 'iowait', 'steal'];
      const sum = (cpu, keep) =>
        Object.entries(cpu).reduce((n, [mode, v]) => (keep(mode) ? n + v : n), 0);
      const all = rate(
        sum(s.cpu, () => true),
        sum(p.cpu, () => true),
      );
      const busy =
        all > 0
          ? 1 -
            rate(
              sum(s.cpu, (m) => idle.includes(m)),
              sum(p.cpu, (m) => idle.includes(m)),
            ) /
              all
          : Number.NaN;
      push('CPU busy', t, busy);
      state.latest.cpuBusy = busy;
      push('disk read', t, rate(s.disk.read, p.disk.read));
      push('disk written', t, rate(s.disk.written, p.disk.written));
      push('received', t, rate(s.network.received, p.network.received));
      push('sent', t, rate(s.network.sent, p.network.sent));
      for (const l of s.logs) {
        const before = p.logs.find((x) => x.source === l.source && x.rule === l.rule);
        if (before) push(`${l.source} / ${l.rule}`, t, rate(l.matches, before.matches));
      }
      const cpuByGroup = s.groups
        .map((g) => {
          const before = p.groups.find((x) => x.name === g.name);
          return [g.name, before ? rate(g.cpu, before.cpu) : 0];
        })
        .sort((a, b) => b[1] - a[1])
        .slice(0, TOP);
      barChart('chart-groups-cpu', cpuByGroup, percent);
    }
    if (s.memory) {
      const used = 1 - s.memory.available / s.memory.total;
      push('memory used', t, used);
      state.latest.memoryUsed = used;
    }
    if (s.load) {
      push('load 1m', t, s.load[0]);
      push('load 5m', t, s.load[1]);
      push('load 15m', t, s.load[2]);
    }
    lineChart('chart-cpu', ['CPU busy'], percent);
    lineChart('chart-memory', ['memory used'], percent);
    lineChart('chart-disk', ['disk read', 'disk written'], (v) => `${bytes(v)}/s`);
    lineChart('chart-network', ['received', 'sent'], (v) => `${bytes(v)}/s`);
    lineChart('chart-load', ['load 1m', 'load 5m', 'load 15m'], (v) => v.toFixed(2));
    lineChart(
      'chart-logs',
      s.logs.map((l) => `${l.source} / ${l.rule}`),
      (v) => `${v.toFixed(2)}/s`,
    );
    barChart(
      'chart-groups-memory',
      s.groups.slice(0, TOP).map((g) => [g.name, g.rss]),
      bytes,
    );
    table(
      'table-ports',
      ['protocol', 'address', 'port', 'process'],
      s.ports.map((x) => [x.protocol, x.address, x.port, x.process]),
    );
    table(
      'table-apis',
      ['target', 'status', 'last fetch'],
      s.apis.map((a) => [
        a.target,
        a.up === 1 ? 'up' : 'down',
        a.seconds === null ? '' : `${(a.seconds * 1000).toFixed(0)} ms`,
      ]),
    );
    document.getElementById('live-status').textContent =
      `updated ${new Date(t).toLocaleTimeString()}${s.failing.length ? `; failing collectors: ${s.failing.join(', ')}` : ''}`;
    previous = s;
    state.snapshots++;
  }

  const source = new EventSource('live');
  source.onmessage = (event) => draw(JSON.parse(event.data));
  source.onerror = () => {
    document.getElementById('live-status').textContent = 'disconnected; retrying';
  };
  window.addEventListener('resize', () => {
    for (const chart of charts.values()) chart.resize();
  });
})();
