/// <reference lib="dom" />
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { parseExposition, sampleValue } from '../helpers/exposition.js';
import { type RunningVigil, startVigil } from '../helpers/process.js';
import { findTool } from '../helpers/tools.js';

const chromiumBinary = findTool('chromium', 'chromium-browser');
const artifacts = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** Values the page drew, read from its ECharts instances and its state. */
async function drawn(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as {
      vigilLive: { snapshots: number; latest: { cpuBusy?: number; memoryUsed?: number } };
      echarts: {
        getInstanceByDom(el: Element | null): {
          getOption(): { series: Array<{ name: string; data: Array<[number, number] | number> }> };
        };
      };
    };
    const series = (id: string) =>
      w.echarts.getInstanceByDom(document.getElementById(id))?.getOption().series ?? [];
    return {
      snapshots: w.vigilLive.snapshots,
      latest: w.vigilLive.latest,
      cpuPoints: series('chart-cpu')[0]?.data.length ?? 0,
      memory: (series('chart-memory')[0]?.data.at(-1) as [number, number] | undefined)?.[1],
      logSeries: series('chart-logs').map((s) => s.name),
      groupsByMemory: series('chart-groups-memory')[0]?.data.length ?? 0,
      ports: document.querySelectorAll('#table-ports tbody tr').length,
      status: document.getElementById('live-status')?.textContent ?? '',
    };
  });
}

/** The line charts, which share one time axis. */
const LINE_CHARTS = ['chart-cpu', 'chart-memory', 'chart-disk', 'chart-network', 'chart-load'];

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The time axis of each line chart as drawn: its extent, and the labels under the plot
 * that are shown (not hidden as overlapping), with their text and screen rectangles.
 */
async function timeAxes(page: Page, ids: string[]) {
  return page.evaluate((ids) => {
    interface El {
      type: string;
      ignore?: boolean;
      invisible?: boolean;
      style: { text?: string };
      getBoundingRect(): { clone(): Rect & { applyTransform(m: unknown): void } };
      getComputedTransform(): unknown;
    }
    interface Chart {
      getModel(): {
        getComponent(type: string): {
          axis: { scale: { getExtent(): [number, number] } };
          coordinateSystem: { getRect(): Rect };
        };
      };
      getZr(): { storage: { getDisplayList(update: boolean): El[] } };
    }
    const w = window as unknown as {
      vigilLive: { snapshots: number };
      echarts: { getInstanceByDom(el: Element | null): Chart | undefined };
    };
    return {
      snapshots: w.vigilLive.snapshots,
      charts: ids.map((id) => {
        const chart = w.echarts.getInstanceByDom(document.getElementById(id));
        if (!chart) return { id, extent: [0, 0] as [number, number], labels: [] };
        const model = chart.getModel();
        const plot = model.getComponent('grid').coordinateSystem.getRect();
        // The display list holds what is painted: a label hidden as overlapping is not in
        // it, and text is painted as tspan pieces.
        const labels = chart
          .getZr()
          .storage.getDisplayList(true)
          .filter(
            (el) =>
              (el.type === 'tspan' || el.type === 'text') &&
              !el.ignore &&
              !el.invisible &&
              el.style.text,
          )
          .map((el) => {
            const r = el.getBoundingRect().clone();
            r.applyTransform(el.getComputedTransform());
            return {
              text: el.style.text as string,
              x: r.x,
              y: r.y,
              width: r.width,
              height: r.height,
            };
          })
          .filter((l) => l.y > plot.y + plot.height + 4)
          .sort((a, b) => a.x - b.x);
        return { id, extent: model.getComponent('xAxis').axis.scale.getExtent(), labels };
      }),
    };
  }, ids);
}

/**
 * Every time axis spans minutes (not days) up to the latest snapshot, `span` exactly when
 * given, with at least two HH:MM:SS labels, none overlapping the next.
 */
function expectReadableTimeAxes(
  axes: Awaited<ReturnType<typeof timeAxes>>,
  latest = Date.now(),
  span?: number,
) {
  for (const { id, extent, labels } of axes.charts) {
    const drawn = extent[1] - extent[0];
    if (span === undefined) {
      expect(drawn, `${id}: x-axis span in ms`).toBeGreaterThanOrEqual(30_000);
      expect(drawn, `${id}: x-axis span in ms`).toBeLessThanOrEqual(15 * 60_000);
    } else expect(drawn, `${id}: x-axis span in ms`).toBe(span);
    expect(Math.abs(extent[1] - latest), `${id}: x-axis ends now`).toBeLessThan(60_000);
    expect(labels.length, `${id}: time labels shown`).toBeGreaterThanOrEqual(2);
    for (const l of labels) expect(l.text, id).toMatch(/^\d\d:\d\d:\d\d$/);
    for (let i = 1; i < labels.length; i++) {
      const [a, b] = [labels[i - 1] as Rect, labels[i] as Rect];
      expect(a.x + a.width, `${id}: labels ${i - 1} and ${i} overlap`).toBeLessThanOrEqual(b.x);
    }
  }
}

/** The note in place of an empty panel, found by its text. */
function note(page: Page, text: RegExp) {
  return page.locator('p.empty').filter({ hasText: text });
}

/** A 1400 px wide page at `url`, collecting the page's errors. */
async function openPage(
  browser: Browser,
  url: string,
  options: { httpCredentials?: { username: string; password: string }; init?: () => void } = {},
) {
  const context = await browser.newContext({
    ...(options.httpCredentials ? { httpCredentials: options.httpCredentials } : {}),
    viewport: { width: 1400, height: 1800 },
  });
  if (options.init) await context.addInitScript(options.init);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  return { context, page, errors };
}

/** Debian's Chromium, headless, as the tests drive it. */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumBinary as string,
    args: ['--no-sandbox', '--disable-gpu'],
  });
}

describe.skipIf(!chromiumBinary)('the live view at / in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-live-'));
  let browser: Browser;
  let vigil: RunningVigil;
  let api: Server;

  beforeAll(async () => {
    api = createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ queue: { pending: 3 } }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const apiPort = (api.address() as AddressInfo).port;
    writeFileSync(join(dir, 'app.log'), 'level=ERROR boom\n');
    writeFileSync(
      join(dir, 'vigil.yml'),
      `logs:\n  positions_file: ""\n  sources:\n    - name: app\n      paths: ["${join(dir, '*.log')}"]\n      start_at: beginning\n      rules:\n        - {name: errors, match: 'ERROR', metric: app_errors_total}\n` +
        `apis:\n  - name: orders\n    url: http://127.0.0.1:${apiPort}/stats\n    metrics:\n      - {name: orders_pending, path: $.queue.pending}\n`,
    );
    writeFileSync(
      join(dir, 'web.yml'),
      `basic_auth_users:\n  viewer: ${bcrypt.hashSync('look', 4)}\n`,
    );
    vigil = await startVigil([
      `--config.file=${join(dir, 'vigil.yml')}`,
      `--web.config.file=${join(dir, 'web.yml')}`,
    ]);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await vigil?.stop();
    await new Promise((resolve) => (api ? api.close(resolve) : resolve(undefined)));
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws live charts of the host from the stream, and keeps the links', async () => {
    const { context, page, errors } = await openPage(browser, `${vigil.url}/`, {
      httpCredentials: { username: 'viewer', password: 'look' },
    });
    expect(await page.locator('a[href="/metrics"]').count()).toBe(1);
    expect(await page.locator('a[href="-/healthy"]').count()).toBe(1);

    // The first frame: one snapshot already spans a window of minutes up to now (not the
    // two days ECharts picks for a single point), with labels that do not run together.
    await page.waitForFunction(
      () => (window as unknown as { vigilLive: { snapshots: number } }).vigilLive.snapshots >= 1,
      undefined,
      { timeout: 20_000 },
    );
    const firstFrame = await timeAxes(page, LINE_CHARTS);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'live-view-first-frame.png'), fullPage: true });
    expect(firstFrame.snapshots).toBeLessThanOrEqual(2);
    expectReadableTimeAxes(firstFrame);
    // Log rules and an API target are configured: their panels show data, not the notes.
    expect(await page.locator('#chart-logs').isVisible()).toBe(true);
    expect(await page.locator('#table-apis').isVisible()).toBe(true);
    expect(await note(page, /No log rules configured/).isVisible()).toBe(false);
    expect(await note(page, /No API targets configured/).isVisible()).toBe(false);
    expect(await page.locator('p.empty:visible').count()).toBe(0);

    // Three snapshots: rates need two, and the charts must keep updating.
    const first = await eventually(async () => {
      const d = await drawn(page);
      return d.snapshots >= 3 ? d : undefined;
    }, 20_000);
    expect(first.cpuPoints).toBeGreaterThanOrEqual(2);
    expect(first.latest.cpuBusy).toBeGreaterThanOrEqual(0);
    expect(first.latest.cpuBusy).toBeLessThanOrEqual(1);
    expect(first.groupsByMemory).toBeGreaterThan(0);
    expect(first.ports).toBeGreaterThan(0);
    expect(first.logSeries).toContain('app / errors');
    expect(first.status).toMatch(/^updated /);

    // The memory it draws is what /metrics says.
    const auth = { authorization: `Basic ${Buffer.from('viewer:look').toString('base64')}` };
    const m = parseExposition(
      await (await fetch(`${vigil.url}/metrics`, { headers: auth })).text(),
    );
    const used =
      1 -
      (sampleValue(m, 'node_memory_MemAvailable_bytes') ?? 0) /
        (sampleValue(m, 'node_memory_MemTotal_bytes') ?? 1);
    expect(Math.abs((first.memory ?? -1) - used)).toBeLessThan(0.05);

    appendFileSync(join(dir, 'app.log'), 'level=ERROR again\n');
    const later = await eventually(async () => {
      const d = await drawn(page);
      return d.snapshots >= first.snapshots + 2 ? d : undefined;
    }, 20_000);
    expect(later.cpuPoints).toBeGreaterThan(first.cpuPoints);
    expectReadableTimeAxes(await timeAxes(page, [...LINE_CHARTS, 'chart-logs']));
    expect(await page.locator('#table-apis tbody tr').count()).toBe(1);
    expect(await page.locator('#table-apis tbody').textContent()).toContain('orders');
    expect(await page.locator('p.empty:visible').count()).toBe(0);
    expect(errors).toEqual([]);

    await page.screenshot({ path: join(artifacts, 'live-view.png'), fullPage: true });
    await context.close();
  }, 60_000);

  it('asks for the credentials the web config requires, page and stream alike', async () => {
    const context = await browser.newContext();
    for (const path of ['/', '/live', '/static/live.js'])
      expect((await context.request.get(`${vigil.url}${path}`)).status(), path).toBe(401);
    await context.close();
  });
});

describe.skipIf(!chromiumBinary)('the live view with nothing configured', () => {
  let browser: Browser;
  let vigil: RunningVigil;

  beforeAll(async () => {
    // No config file: no log rules, no API targets; processes and ports turned off.
    vigil = await startVigil(['--no-collector.process_groups', '--no-collector.ports']);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await vigil?.stop();
  });

  it('says in each empty panel what to configure, instead of bare axes', async () => {
    const { context, page, errors } = await openPage(browser, `${vigil.url}/`);
    await page.waitForFunction(
      () => (window as unknown as { vigilLive: { snapshots: number } }).vigilLive.snapshots >= 2,
      undefined,
      { timeout: 20_000 },
    );
    const logs = note(page, /^No log rules configured — add logs\.sources to the config file/);
    const apis = note(page, /^No API targets configured — add apis to the config file/);
    expect(await logs.isVisible()).toBe(true);
    expect(await apis.isVisible()).toBe(true);
    expect(await note(page, /^No process groups reported/).count()).toBe(2);
    expect(await page.locator('p.empty:visible').count()).toBe(5);
    // Each note is in its own panel, in place of the chart or table.
    const logPanel = page.locator('.charts > div').filter({ hasText: 'Log matches' });
    expect(await logPanel.locator('p.empty').isVisible()).toBe(true);
    expect(await page.locator('#chart-logs').isVisible()).toBe(false);
    expect(await page.locator('#table-apis').isVisible()).toBe(false);
    expect(await page.locator('#table-ports').isVisible()).toBe(false);
    // The host charts still draw.
    expectReadableTimeAxes(await timeAxes(page, LINE_CHARTS));
    expect(errors).toEqual([]);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'live-view-unconfigured.png'), fullPage: true });
    await context.close();
  }, 60_000);

  it('widens the time axis to 15 minutes with readable labels, and swaps a note for its chart', async () => {
    // The stream replaced by one the test drives: 16 minutes of snapshots (10 s apart, to be
    // quick) in a moment.
    const { context, page, errors } = await openPage(browser, `${vigil.url}/`, {
      init: () => {
        const w = window as unknown as Record<string, unknown>;
        w.EventSource = class {
          onmessage: ((e: { data: string }) => void) | null = null;
          onerror: (() => void) | null = null;
          constructor() {
            w.testStream = this;
          }
        };
      },
    });
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    const feed = (from: number, to: number, logs: boolean) =>
      page.evaluate(
        ({ t0, from, to, logs }) => {
          const stream = (window as unknown as Record<string, unknown>).testStream as {
            onmessage: (e: { data: string }) => void;
          };
          for (let i = from; i < to; i++)
            stream.onmessage({
              data: JSON.stringify({
                t: t0 + i * 10_000,
                cpu: { user: i * 0.5, idle: i * 1.5 },
                cpus: 1,
                memory: { total: 1000, available: 600 + (i % 7) },
                load: [1, 0.8, 0.5],
                disk: { read: i * 1000, written: i * 500 },
                network: { received: i * 2000, sent: i * 100 },
                groups: [{ name: 'app', cpu: i * 0.1, rss: 5e6 }],
                ports: [{ protocol: 'tcp', address: '0.0.0.0', port: '80', process: 'app' }],
                logs: logs ? [{ source: 'app', rule: 'errors', matches: i }] : [],
                apis: [],
                failing: [],
              }),
            });
        },
        { t0, from, to, logs },
      );
    const minute = 60_000;
    // [snapshots so far, the window the axis must show]
    const steps: Array<[number, number]> = [
      [1, minute],
      [6, minute],
      [10, 2 * minute],
      [25, 5 * minute],
      [50, 10 * minute],
      [85, 15 * minute],
      [100, 15 * minute],
    ];
    let fed = 0;
    for (const [count, span] of steps) {
      await feed(fed, count, false);
      fed = count;
      const latest = t0 + (count - 1) * 10_000;
      expectReadableTimeAxes(await timeAxes(page, LINE_CHARTS), latest, span);
      await page
        .locator('.charts')
        .screenshot({ path: join(artifacts, `live-view-synthetic-${count}.png`) });
    }
    expect(await note(page, /^No log rules configured/).isVisible()).toBe(true);

    // A log rule appears (a reload of the config): its chart replaces the note, full size.
    await feed(fed, fed + 3, true);
    expect(await note(page, /^No log rules configured/).isVisible()).toBe(false);
    expect(await page.locator('#chart-logs').isVisible()).toBe(true);
    const logs = await timeAxes(page, ['chart-logs']);
    expectReadableTimeAxes(logs, t0 + (fed + 2) * 10_000, 15 * minute);
    const width = await page.evaluate(() =>
      (
        window as unknown as {
          echarts: { getInstanceByDom(el: Element | null): { getWidth(): number } };
        }
      ).echarts
        .getInstanceByDom(document.getElementById('chart-logs'))
        .getWidth(),
    );
    expect(width).toBeGreaterThan(300);
    await page
      .locator('.charts')
      .screenshot({ path: join(artifacts, 'live-view-synthetic-logs.png') });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
