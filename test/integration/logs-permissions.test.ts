import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { parseExposition, sampleValue } from '../helpers/exposition.js';
import { type RunningVigil, startVigil } from '../helpers/process.js';
import { findTool } from '../helpers/tools.js';

/**
 * A log file vigil may not read is retried, reported, and read once its permissions are
 * fixed. Root reads everything, so as root vigil runs without the capabilities that bypass
 * file permissions (setpriv, from util-linux).
 */
describe('a log file that cannot be read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-perm-'));
  let vigil: RunningVigil | undefined;
  afterAll(async () => {
    await vigil?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('is retried and reported, and recovers when fixed', async () => {
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'logs'), { mode: 0o755 });
    const log = join(dir, 'logs/secret.log');
    writeFileSync(log, 'level=ERROR one\nlevel=ERROR two\n', { mode: 0o600 });
    chmodSync(log, 0o600);
    const config = join(dir, 'vigil.yml');
    writeFileSync(
      config,
      `logs:\n  positions_file: ""\n  sources:\n    - name: app\n      paths: ["${join(dir, 'logs/*.log')}"]\n      start_at: beginning\n      rules:\n        - {name: errors, match: 'ERROR', metric: app_errors_total}\n`,
      { mode: 0o644 },
    );
    chmodSync(log, 0o000);
    const asRoot = process.getuid?.() === 0;
    const setpriv = asRoot ? findTool('setpriv') : null;
    if (asRoot && !setpriv) return; // outside CI only: findTool fails the test under CI=true
    vigil = await startVigil(
      [`--config.file=${config}`, '--collector.disable-defaults', '--collector.logs'],
      '127.0.0.1',
      setpriv ? [setpriv, '--bounding-set=-dac_override,-dac_read_search'] : [],
    );
    const url = `${vigil.url}/metrics`;
    const scrape = async () => parseExposition(await (await fetch(url)).text());

    await eventually(async () =>
      (sampleValue(await scrape(), 'vigil_log_read_errors_total', { source: 'app' }) ?? 0) >= 2
        ? true
        : undefined,
    );
    expect(sampleValue(await scrape(), 'vigil_log_lines_total', { source: 'app' })).toBe(0);
    expect(vigil.log()).toContain('cannot read log file; retrying');
    expect(vigil.log().match(/cannot read log file/g)?.length).toBe(1);

    chmodSync(log, 0o644);
    await eventually(async () =>
      sampleValue(await scrape(), 'app_errors_total') === 2 ? true : undefined,
    );
    await vigil.waitForLog(/log file readable again/);
  });
});
