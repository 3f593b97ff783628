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

  it('aborts the signal of a collector that overruns the deadline, and only then', async () => {
    const signals = new Map<string, AbortSignal>();
    const watched = (name: string, hang: boolean) => ({
      name,
      defaultEnabled: true,
      description: name,
      create: () => ({
        collect: (signal: AbortSignal) => {
          signals.set(name, signal);
          return hang ? new Promise<never>(() => {}) : Promise.resolve([]);
        },
      }),
    });
    const config = defaultConfig();
    config.scrape.timeout = 0.05;
    const start = (name: string, hang: boolean) =>
      new Exporter({
        collectors: [name],
        definitions: [watched(name, hang)],
        paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
        config,
        logger: createLogger({ level: 'error', format: 'logfmt', write: () => {} }),
        exporterMetrics: false,
      });
    await start('slow', true).scrape();
    expect(signals.get('slow')?.aborted).toBe(true);
    await start('quick', false).scrape();
    // A scrape that finished in time leaves no timer behind to abort its signal later.
    await new Promise((r) => setTimeout(r, 100));
    expect(signals.get('quick')?.aborted).toBe(false);
  });

  it('shares one hung collection between scrapes instead of starting more', async () => {
    hangCalls = 0;
    const e = exporter(['hangs'], 0.05);
    await Promise.all([e.scrape(), e.scrape()]);
    await e.scrape();
    expect(hangCalls).toBe(1);
  });

  it('answers concurrent scrapes that ask the same from one collection, and others apart', async () => {
    let calls = 0;
    let release: () => void = () => {};
    const gated = definition('gated', async () => {
      calls++;
      await new Promise<void>((r) => (release = r));
      return [single('test_gated', 'gated', 'gauge', calls)];
    });
    const e = new Exporter({
      collectors: ['gated', 'ok'],
      definitions: [gated, ok],
      paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
      config: defaultConfig(),
      logger: createLogger({ level: 'error', format: 'logfmt', write: () => {} }),
      exporterMetrics: false,
    });
    const burst = Array.from({ length: 20 }, () => e.scrape());
    const filtered = e.scrape({ exclude: new Set(['gated']) });
    await new Promise((r) => setTimeout(r, 20));
    release();
    const results = await Promise.all(burst);
    expect(calls).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect((await filtered).find((f) => f.name === 'test_gated')).toBeUndefined();
    // Once answered, the next scrape collects afresh.
    const next = e.scrape();
    await new Promise((r) => setTimeout(r, 20));
    release();
    expect((await next).find((f) => f.name === 'test_gated')?.samples[0]?.value).toBe(2);
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

describe('Exporter.collect and the collector lifecycle', () => {
  /** A collector that records its lifecycle calls and reports its section's value. */
  function recording(name: string, section: string[], calls: string[]): CollectorDefinition {
    return {
      name,
      defaultEnabled: true,
      description: name,
      section,
      create: ({ settings }) => ({
        start: async (s) => void calls.push(`${name} start ${JSON.stringify(s)}`),
        reconfigure: async (s) => void calls.push(`${name} reconfigure ${JSON.stringify(s)}`),
        stop: async () => void calls.push(`${name} stop`),
        collect: async () => [
          single(`test_${name}`, name, 'gauge', (settings() as { timeout: number }).timeout),
        ],
      }),
    };
  }

  it('starts with the section, reconfigures only a collector whose section changed, stops', async () => {
    const calls: string[] = [];
    const config = defaultConfig();
    const e = new Exporter({
      collectors: ['a', 'b'],
      definitions: [
        recording('a', ['scrape'], calls),
        recording('b', ['collectors', 'filesystem'], calls),
      ],
      paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
      config,
      logger: createLogger({ level: 'error', format: 'logfmt', write: () => {} }),
    });
    await e.start();
    expect(calls).toEqual([
      'a start {"timeout":5}',
      `b start ${JSON.stringify(config.collectors.filesystem)}`,
    ]);
    calls.length = 0;
    // A reload that leaves a section as it was leaves its collector alone.
    await e.applyConfig(defaultConfig());
    expect(calls).toEqual([]);
    const next = defaultConfig();
    next.scrape.timeout = 7;
    await e.applyConfig(next);
    expect(calls).toEqual(['a reconfigure {"timeout":7}']);
    const { families } = await e.collect({ only: new Set(['a']) });
    expect(families.map((f) => [f.name, f.samples[0]?.value])).toEqual([['test_a', 7]]);
    calls.length = 0;
    await e.stop();
    expect(calls.sort()).toEqual(['a stop', 'b stop']);
  });

  it('collects without the self and scrape metrics that only /metrics serves', async () => {
    const e = new Exporter({
      collectors: ['ok', 'throws'],
      definitions: [ok, throws],
      paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
      config: defaultConfig(),
      logger: createLogger({ level: 'error', format: 'logfmt', write: () => {} }),
    });
    const collected = await e.collect();
    expect(collected.families.map((f) => f.name)).toEqual(['test_ok']);
    expect(collected.failed).toEqual(['throws']);
    const scraped = (await e.scrape()).map((f) => f.name);
    expect(scraped).toContain('nodejs_eventloop_lag_max_seconds');
    expect(scraped).toContain('vigil_scrape_collector_success');
  });

  it('lets a collector read another that is not enabled, without exposing it', async () => {
    let seen: string[] = [];
    const reader: CollectorDefinition = {
      name: 'reader',
      defaultEnabled: true,
      description: 'reader',
      create: ({ collect }) => ({
        collect: async () => {
          seen = (await collect(['ok', 'reader', 'nope'])).families.map((f) => f.name);
          return [];
        },
      }),
    };
    const e = new Exporter({
      collectors: ['reader'],
      definitions: [ok, reader],
      paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
      config: defaultConfig(),
      logger: createLogger({ level: 'error', format: 'logfmt', write: () => {} }),
      exporterMetrics: false,
    });
    const scraped = await e.scrape();
    expect(seen).toEqual(['test_ok']);
    expect(scraped.find((f) => f.name === 'test_ok')).toBeUndefined();
    expect(e.collectorNames).toEqual(['reader']);
  });
});

describe("what node_exporter's dashboards read about the exporter", () => {
  it('reports node collectors in node_scrape_collector_* too, and its virtual memory', async () => {
    const node: CollectorDefinition = { ...ok, name: 'nodeish', nodeExporter: true };
    const e = new Exporter({
      collectors: ['ok', 'nodeish'],
      definitions: [ok, node],
      paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
      config: defaultConfig(),
      logger: createLogger({ level: 'error', format: 'logfmt', write: () => {} }),
    });
    const families = await e.scrape();
    const labels = (name: string) =>
      families.find((f) => f.name === name)?.samples.map((s) => s.labels.collector);
    expect(labels('node_scrape_collector_success')).toEqual(['nodeish']);
    expect(labels('node_scrape_collector_duration_seconds')).toEqual(['nodeish']);
    expect(labels('vigil_scrape_collector_success')).toEqual(['ok', 'nodeish']);
    const value = (name: string) => families.find((f) => f.name === name)?.samples[0]?.value ?? 0;
    expect(value('process_virtual_memory_bytes')).toBeGreaterThan(
      value('process_resident_memory_bytes'),
    );
    expect(value('process_virtual_memory_max_bytes')).toBeGreaterThan(0);
  });
});

describe('families claimed by two collectors', () => {
  it("keeps a collector's family over one from outside (textfile) with the same name", async () => {
    const outside: CollectorDefinition = {
      name: 'outside',
      defaultEnabled: true,
      description: 'outside',
      yieldsNames: true,
      create: () => ({
        collect: async () => [
          single('test_ok', 'from a file', 'gauge', 99),
          single('test_file_only', 'from a file', 'gauge', 5),
        ],
      }),
    };
    const e = new Exporter({
      collectors: ['outside', 'ok'],
      definitions: [outside, ok],
      paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
      config: defaultConfig(),
      logger: createLogger({ level: 'error', format: 'logfmt', write: () => {} }),
      exporterMetrics: false,
    });
    const { families } = await e.collect();
    expect(families.map((f) => [f.name, f.samples[0]?.value])).toEqual([
      ['test_file_only', 5],
      ['test_ok', 1],
    ]);
  });
});
