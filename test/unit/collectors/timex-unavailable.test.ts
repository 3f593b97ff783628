import { describe, expect, it, vi } from 'vitest';
import { hostExporter } from '../../helpers/collectors.js';

// A platform koffi ships no binary for: importing it throws.
vi.mock('koffi', () => {
  throw new Error('Cannot find the native Koffi module; did you compile it?');
});

describe('timex collector without a loadable FFI library', () => {
  it('fails the collector (success 0), logs it once, and keeps the exporter serving', async () => {
    const lines: string[] = [];
    const exporter = hostExporter(['timex', 'loadavg'], lines);
    await exporter.start();
    try {
      for (let i = 0; i < 3; i++) {
        const families = await exporter.scrape();
        const success = (name: string) =>
          families.find((f) => f.name === name)?.samples.find((s) => s.labels.collector === 'timex')
            ?.value;
        expect(success('vigil_scrape_collector_success')).toBe(0);
        expect(success('node_scrape_collector_success')).toBe(0);
        expect(families.some((f) => f.name.startsWith('node_timex_'))).toBe(false);
        expect(families.some((f) => f.name === 'node_load1')).toBe(true);
      }
      const failures = lines.filter((l) => l.includes('collector=timex'));
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(/collector failed.*(koffi|Linux)/);
    } finally {
      await exporter.stop();
    }
  });
});
