import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { parseExposition } from '../helpers/exposition.js';
import { startVigil } from '../helpers/process.js';
import { findTool } from '../helpers/tools.js';

const unitFile = fileURLToPath(new URL('../../deploy/systemd/vigil.service', import.meta.url));
const analyze = findTool('systemd-analyze');
const asRoot = process.getuid?.() === 0;
const setpriv = asRoot ? findTool('setpriv') : null;

/** The unit's settings, by key (the last value of a key wins, as in systemd). */
function settings(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

const unit = settings(readFileSync(unitFile, 'utf8'));
const capabilities = (unit.get('CapabilityBoundingSet') ?? '').split(/\s+/).filter(Boolean);

describe('deploy/systemd/vigil.service', () => {
  it.skipIf(!analyze)('passes systemd-analyze verify without a warning', () => {
    const r = spawnSync(analyze as string, ['verify', unitFile], { encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
    expect(r.status).toBe(0);
  });

  it('runs as its own user, hardened, with only the ports collector capabilities', () => {
    expect(unit.get('User')).toBe('vigil');
    expect(unit.get('NoNewPrivileges')).toBe('true');
    expect(unit.get('ProtectSystem')).toBe('strict');
    expect(unit.get('ProtectHome')).toBe('read-only');
    expect(unit.get('PrivateTmp')).toBe('true');
    expect(capabilities.sort()).toEqual(['CAP_DAC_READ_SEARCH', 'CAP_SYS_PTRACE']);
    expect((unit.get('AmbientCapabilities') ?? '').split(/\s+/).sort()).toEqual(capabilities);
    expect(unit.get('ExecReload')).toContain('-HUP');
    expect(unit.get('StateDirectory')).toBe('vigil');
  });

  /**
   * A socket of another user (a listener run as nobody), and vigil limited to the unit's
   * capabilities (through setpriv's bounding set, as systemd would limit it), then to none:
   * those two are what the ports collector needs to name the owner of another user's
   * socket. vigil keeps its own uid here, so that it can read its checkout wherever that is.
   */
  describe.skipIf(!asRoot)("those capabilities, on another user's socket", () => {
    let listener: ChildProcess;
    let port = 0;
    beforeAll(async () => {
      listener = spawn(
        setpriv as string,
        [
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          process.execPath,
          '-e',
          "require('http').createServer().listen(0, '127.0.0.1', function () { console.log(this.address().port) })",
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      port = await new Promise<number>((resolve) =>
        listener.stdout?.once('data', (d) => resolve(Number(String(d).trim()))),
      );
    });
    afterAll(() => {
      listener?.kill();
    });

    const ownerSeenWith = async (caps: string[]) => {
      const list = caps.map((c) => `,+${c.replace(/^CAP_/, '').toLowerCase()}`).join('');
      const wrapper = [setpriv as string, `--inh-caps=-all${list}`, `--bounding-set=-all${list}`];
      const vigil = await startVigil(
        ['--collector.disable-defaults', '--collector.ports'],
        '127.0.0.1',
        wrapper,
      );
      try {
        const sample = await eventually(async () => {
          const text = await (await fetch(`${vigil.url}/metrics`)).text();
          return parseExposition(text)
            .get('vigil_port_listening')
            ?.samples.find((s) => s.labels.port === String(port));
        });
        return sample.labels.process;
      } finally {
        await vigil.stop();
      }
    };

    it('names the owning command with them, and cannot without them', async () => {
      expect(await ownerSeenWith(capabilities)).toBe('node');
      expect(await ownerSeenWith([])).toBe('');
    });
  });
});
