import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../exporter/config/load.js';
import { eventually } from '../helpers/eventually.js';
import { parseExposition } from '../helpers/exposition.js';
import { type RunningVigil, startVigil } from '../helpers/process.js';

describe('the anomaly collector', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-anomaly-'));
  let vigil: RunningVigil | undefined;
  afterAll(async () => {
    await vigil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports nothing until trained, then scores every signal with both methods', async () => {
    writeFileSync(join(dir, 'app.log'), 'level=ERROR one\n');
    writeFileSync(
      join(dir, 'vigil.yml'),
      `logs:\n  positions_file: ""\n  sources:\n    - name: app\n      paths: ["${join(dir, '*.log')}"]\n      rules:\n        - {name: errors, match: ERROR, metric: app_errors_total}\ncollectors:\n  anomaly:\n    interval: 100ms\n    min_history: 3s\n    history: 1m\n    train_every: 2s\n    signals: [cpu, memory, load, disk_io, network, "log:app/errors"]\n`,
    );
    vigil = await startVigil([
      `--config.file=${join(dir, 'vigil.yml')}`,
      '--collector.disable-defaults',
      '--collector.anomaly',
      '--collector.logs',
    ]);
    const scrape = async () => parseExposition(await (await fetch(`${vigil?.url}/metrics`)).text());
    expect((await scrape()).get('vigil_anomaly_score')).toBeUndefined();

    const trainedAt = Date.now() / 1000;
    const scores = await eventually(async () => {
      const s = (await scrape()).get('vigil_anomaly_score')?.samples ?? [];
      return s.some((x) => x.labels.signal === 'log:app/errors') ? s : undefined;
    }, 20_000);
    const m = await scrape();
    const methods = new Set(scores.map((s) => s.labels.method));
    expect(methods).toEqual(new Set(['kmeans', 'isolation_forest']));
    const kmeans = scores.filter((s) => s.labels.method === 'kmeans').map((s) => s.labels.signal);
    // A log rule's match rate, taken from the logs collector, beside the host's signals.
    for (const signal of ['cpu', 'memory', 'load', 'log:app/errors'])
      expect(kmeans).toContain(signal);
    // k-means scores are distances in units of the training edge; the forest's lie in 0–1.
    for (const s of scores) {
      expect(Number.isFinite(s.value)).toBe(true);
      expect(s.value).toBeGreaterThanOrEqual(0);
      if (s.labels.method === 'isolation_forest') expect(s.value).toBeLessThanOrEqual(1);
    }
    const thresholds = m.get('vigil_anomaly_threshold')?.samples ?? [];
    expect(thresholds.filter((t) => t.labels.method === 'kmeans').map((t) => t.value)).toContain(
      1.2,
    );
    const forestThreshold = thresholds.find((t) => t.labels.method === 'isolation_forest');
    expect(forestThreshold?.value).toBeGreaterThan(0.5);
    for (const s of m.get('vigil_anomaly')?.samples ?? []) expect([0, 1]).toContain(s.value);
    const rate = m.get('vigil_anomaly_rate')?.samples ?? [];
    expect(rate.map((s) => s.labels.method).sort()).toEqual(['isolation_forest', 'kmeans']);
    const trained = m.get('vigil_anomaly_model_trained_timestamp_seconds')?.samples ?? [];
    for (const t of trained) expect(t.value).toBeGreaterThanOrEqual(trainedAt);
    const duration = m.get('vigil_anomaly_training_duration_seconds')?.samples ?? [];
    expect(duration.length).toBe(2);
    for (const d of duration) expect(d.value).toBeGreaterThan(0);
  }, 30_000);

  it('refuses a signal it does not know, naming it', () => {
    expect(() =>
      parseConfig('collectors:\n  anomaly:\n    signals: [cpu, temperature]\n', 'v.yml'),
    ).toThrow(ConfigError);
    expect(() =>
      parseConfig('collectors:\n  anomaly:\n    signals: [cpu, temperature]\n', 'v.yml'),
    ).toThrow(/v\.yml:3:\d+: collectors\.anomaly\.signals\[1\]/);
  });
});
