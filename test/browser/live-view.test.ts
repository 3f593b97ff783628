/// <reference lib="dom" />
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

describe.skipIf(!chromiumBinary)('the live view at / in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-live-'));
  let browser: Browser;
  let vigil: RunningVigil;

  beforeAll(async () => {
    writeFileSync(join(dir, 'app.log'), 'level=ERROR boom\n');
    writeFileSync(
      join(dir, 'vigil.yml'),
      `logs:\n  positions_file: ""\n  sources:\n    - name: app\n      paths: ["${join(dir, '*.log')}"]\n      start_at: beginning\n      rules:\n        - {name: errors, match: 'ERROR', metric: app_errors_total}\n`,
    );
    writeFileSync(
      join(dir, 'web.yml'),
      `basic_auth_users:\n  viewer: ${bcrypt.hashSync('look', 4)}\n`,
    );
    vigil = await startVigil([
      `--config.file=${join(dir, 'vigil.yml')}`,
      `--web.config.file=${join(dir, 'web.yml')}`,
    ]);
    browser = await chromium.launch({
      executablePath: chromiumBinary as string,
      args: ['--no-sandbox', '--disable-gpu'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await vigil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws live charts of the host from the stream, and keeps the links', async () => {
    const context = await browser.newContext({
      httpCredentials: { username: 'viewer', password: 'look' },
      viewport: { width: 1400, height: 1800 },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${vigil.url}/`);
    expect(await page.locator('a[href="/metrics"]').count()).toBe(1);
    expect(await page.locator('a[href="-/healthy"]').count()).toBe(1);

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
    expect(errors).toEqual([]);

    mkdirSync(artifacts, { recursive: true });
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
