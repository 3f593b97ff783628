// The live view at /: one snapshot every two seconds from /live (server-sent events), turned
// into rates here and drawn with ECharts. History is the last 15 minutes, kept only in this
// page. Plain script, no build step; ECharts is served from the installed package.
/* global echarts */
(() => {
  const HISTORY_MS = 15 * 60 * 1000;
  // The time axis spans the shortest of these that holds everything received so far, ending
  // at the latest snapshot: a minute at first, growing to the 15 minutes kept. It has a
  // labelled tick every `tick`, few enough for HH:MM:SS labels to stand apart.
  const WINDOWS = [
    { span: 60 * 1000, tick: 15 * 1000 },
    { span: 2 * 60 * 1000, tick: 30 * 1000 },
    { span: 5 * 60 * 1000, tick: 60 * 1000 },
    { span: 10 * 60 * 1000, tick: 2 * 60 * 1000 },
    { span: HISTORY_MS, tick: 3 * 60 * 1000 },
  ];
  const TOP = 8;
  const series = new Map(); // name -> [[t, value], ...]
  const charts = new Map();
  let previous = null;
  let first = null;
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
  const two = (n) => String(n).padStart(2, '0');
  const clock = (ms) => {
    const d = new Date(ms);
    return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  };

  /** The x axis every line chart shares: the latest window, ending at snapshot time t. */
  function timeAxis(t) {
    first ??= t;
    const { span, tick } = WINDOWS.find((w) => w.span >= t - first) ?? WINDOWS.at(-1);
    const min = t - span;
    // Ticks on whole multiples of `tick` in local time: 12:00:15, 12:00:30, … ECharts' own
    // time ticks thin out unevenly (a window holding a minute or hour boundary can keep
    // only that one), so the axis takes these instead.
    const local = -new Date(min).getTimezoneOffset() * 60 * 1000;
    const ticks = [];
    for (let v = Math.ceil((min + local) / tick) * tick - local; v <= t; v += tick) ticks.push(v);
    return {
      type: 'time',
      min,
      max: t,
      axisTick: { customValues: ticks },
      axisLabel: { customValues: ticks, formatter: clock, hideOverlap: true },
    };
  }

  /**
   * Show a chart or table, or in its place the panel's note that nothing is configured. A
   * collector that failed this time leaves the panel as it was.
   */
  function present(id, hasData, failed) {
    const el = document.getElementById(id);
    const note = document.querySelector(`[data-empty-for="${id}"]`);
    if (failed) return !el.hidden;
    const wasHidden = el.hidden;
    el.hidden = !hasData;
    if (note) note.hidden = hasData;
    if (hasData && wasHidden) charts.get(id)?.resize();
    return hasData;
  }

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

  function lineChart(id, names, format, xAxis) {
    let chart = charts.get(id);
    if (!chart) {
      chart = echarts.init(document.getElementById(id));
      charts.set(id, chart);
    }
    chart.setOption(
      {
        animation: false,
        // Room on the right for half a time label, centred on the latest instant.
        grid: { left: 70, right: 28, top: 30, bottom: 30 },
        legend: { top: 0, type: 'scroll' },
        tooltip: { trigger: 'axis', valueFormatter: format },
        xAxis,
        yAxis: { type: 'value', axisLabel: { formatter: format } },
        series: names.map((name) => ({
          name,
          type: 'line',
          // A single point draws no line: show it as a dot until there are two.
          showSymbol: (series.get(name)?.length ?? 0) < 2,
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
    const failed = (collector) => s.failing.includes(collector);
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
      if (present('chart-groups-cpu', cpuByGroup.length > 0, failed('process_groups')))
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
    const axis = timeAxis(t);
    lineChart('chart-cpu', ['CPU busy'], percent, axis);
    lineChart('chart-memory', ['memory used'], percent, axis);
    lineChart('chart-disk', ['disk read', 'disk written'], (v) => `${bytes(v)}/s`, axis);
    lineChart('chart-network', ['received', 'sent'], (v) => `${bytes(v)}/s`, axis);
    lineChart('chart-load', ['load 1m', 'load 5m', 'load 15m'], (v) => v.toFixed(2), axis);
    if (present('chart-logs', s.logs.length > 0, failed('logs')))
      lineChart(
        'chart-logs',
        s.logs.map((l) => `${l.source} / ${l.rule}`),
        (v) => `${v.toFixed(2)}/s`,
        axis,
      );
    if (present('chart-groups-memory', s.groups.length > 0, failed('process_groups')))
      barChart(
        'chart-groups-memory',
        s.groups.slice(0, TOP).map((g) => [g.name, g.rss]),
        bytes,
      );
    if (!p) present('chart-groups-cpu', s.groups.length > 0, failed('process_groups'));
    if (present('table-ports', s.ports.length > 0, failed('ports')))
      table(
        'table-ports',
        ['protocol', 'address', 'port', 'process'],
        s.ports.map((x) => [x.protocol, x.address, x.port, x.process]),
      );
    if (present('table-apis', s.apis.length > 0, failed('apis')))
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
