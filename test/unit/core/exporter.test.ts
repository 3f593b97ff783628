import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../exporter/config/schema.js';
import type { CollectorDefinition } from '../../../exporter/core/collector.js';
import { Exporter, UnknownCollectorError } from '../../../exporter/core/exporter.js';
import { createLogger } from '../../../exporter/core/logger.js';
import { single } from '../../../exporter/exposition/family.js';

function definition(
  name: string,
  collect: () => Promise<ReturnType<typeof single>[]>,
): CollectorDefinition {
  return { name, defaultEnabled: true, description: name, create: () => ({ collect }) };
}

const ok = definition('ok', async () => [single('test_ok', 'ok', 'gauge', 1)]);
const throws = definition('throws', async () => {
  throw new Error('/proc/broken: line 3: missing field');
});
let hangCalls = 0;
const hangs = definition('hangs', () => {
  hangCalls++;
  return new Promise(() => {});
});

function exporter(names: string[], timeout = 0.2, lines: string[] = []) {
  const config = defaultConfig();
  config.scrape.timeout = timeout;
  return new Exporter({
    collectors: names,
    definitions: [ok, throws, hangs],
    paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
    config,
    logger: createLogger({ level: 'info', format: 'logfmt', write: (l) => lines.push(l) }),
    exporterMetrics: false,
  });
}

function sample(
  families: Awaited<ReturnType<Exporter['scrape']>>,
  name: string,
  collector: string,
) {
  return families
    .find((f) => f.name === name)
    ?.samples.find((s) => s.labels.collector === collector)?.value;
}

describe('Exporter.scrape isolation', () => {
  it('reports a throwing collector with success 0 and keeps the others', async () => {
    const families = await exporter(['ok', 'throws']).scrape();
    expect(families.find((f) => f.name === 'test_ok')).toBeDefined();
    expect(sample(families, 'vigil_scrape_collector_success', 'ok')).toBe(1);
    expect(sample(families, 'vigil_scrape_collector_success', 'throws')).toBe(0);
  });

  it('does not let a hanging collector hold the scrape past its deadline', async () => {
    const e = exporter(['ok', 'hangs'], 0.2);
    const started = performance.now();
    const families = await e.scrape();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1000);
    expect(sample(families, 'vigil_scrape_collector_success', 'hangs')).toBe(0);
    expect(
      sample(families, 'vigil_scrape_collector_duration_seconds', 'hangs'),
    ).toBeGreaterThanOrEqual(0.19);
    expect(sample(families, 'vigil_scrape_collector_success', 'ok')).toBe(1);
  });

  it('shares one hung collection between scrapes instead of starting more', async () => {
    hangCalls = 0;
    const e = exporter(['hangs'], 0.05);
    await Promise.all([e.scrape(), e.scrape()]);
    await e.scrape();
    expect(hangCalls).toBe(1);
  });

  it('uses the scraper timeout when it is shorter than the configured one', async () => {
    const e = exporter(['hangs'], 30);
    const started = performance.now();
    await e.scrape({ timeoutSeconds: 0.1 });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('logs a failure once, not at every scrape', async () => {
    const lines: string[] = [];
    const e = exporter(['throws'], 1, lines);
    await e.scrape();
    await e.scrape();
    await e.scrape();
    const errors = lines.filter((l) => l.includes('collector failed'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('/proc/broken: line 3: missing field');
  });

  it('filters with only and exclude, and rejects unknown names', async () => {
    const e = exporter(['ok', 'throws']);
    const only = await e.scrape({ only: new Set(['ok']) });
    expect(sample(only, 'vigil_scrape_collector_success', 'throws')).toBeUndefined();
    const excluded = await e.scrape({ exclude: new Set(['ok']) });
    expect(excluded.find((f) => f.name === 'test_ok')).toBeUndefined();
    await expect(e.scrape({ only: new Set(['nope']) })).rejects.toBeInstanceOf(
      UnknownCollectorError,
    );
  });
});
