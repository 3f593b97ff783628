import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { COLLECTORS } from '../../exporter/collectors/index.js';
import { defaultConfig } from '../../exporter/config/schema.js';
import { Exporter } from '../../exporter/core/exporter.js';
import { silentLogger } from '../../exporter/core/logger.js';
import { serialize } from '../../exporter/exposition/serialize.js';
import { HOST_COLLECTORS } from '../helpers/collectors.js';
import { mutated } from '../helpers/mutate.js';
import { lintExposition } from '../helpers/promtool.js';
import { findTool } from '../helpers/tools.js';

const promtool = findTool('promtool');
const fixtures = new URL('../fixtures/', import.meta.url).pathname;

/** The files of the fixture host that collectors parse. */
const FILES = [
  'proc/stat',
  'proc/meminfo',
  'proc/loadavg',
  'proc/diskstats',
  'proc/net/dev',
  'proc/1/mounts',
  'proc/pressure/cpu',
  'proc/sys/kernel/osrelease',
  'root/etc/os-release',
];

/**
 * Whatever a /proc or /sys file contains, a scrape completes, no exception escapes a
 * collector (a broken source shows as vigil_scrape_collector_success 0), and the output is
 * a valid exposition that promtool accepts.
 */
describe.skipIf(!promtool)('every host collector on a host with a mutated file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-fuzz-host-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scrapes to a valid exposition', async () => {
    const file = fc.constantFrom(...FILES);
    const input = file.chain((f) =>
      mutated(readFileSync(join(fixtures, 'host', f), 'utf8')).map((text) => ({ f, text })),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(input, async ({ f, text }) => {
        const host = join(dir, String(run++));
        cpSync(join(fixtures, 'host'), host, { recursive: true });
        writeFileSync(join(host, f), text);
        const exporter = new Exporter({
          collectors: HOST_COLLECTORS,
          definitions: COLLECTORS,
          paths: {
            procfs: join(host, 'proc'),
            sysfs: join(host, 'sys'),
            rootfs: join(host, 'root'),
          },
          config: defaultConfig(),
          logger: silentLogger,
          exporterMetrics: false,
        });
        try {
          const families = await exporter.scrape();
          for (const format of ['text', 'openmetrics'] as const) {
            const exposition = serialize(families, format);
            if (format === 'text')
              expect(lintExposition(promtool as string, exposition)).toEqual([]);
            else expect(exposition.endsWith('# EOF\n')).toBe(true);
          }
          const success = families.find((fam) => fam.name === 'vigil_scrape_collector_success');
          expect(success?.samples.length).toBe(HOST_COLLECTORS.length);
        } finally {
          await exporter.stop();
          rmSync(host, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
