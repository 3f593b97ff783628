import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execForm, type Instruction, parseDockerfile } from '../helpers/dockerfile.js';
import { freePort, waitForHttp } from '../helpers/ports.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const instructions = parseDockerfile(readFileSync(join(root, 'deploy/Dockerfile'), 'utf8'));

interface Stage {
  name: string;
  image: string;
  root: string;
  cwd: string;
  env: Record<string, string>;
}

/**
 * The image's build, replayed as plain commands: each stage is a directory, WORKDIR and COPY
 * act on it, RUN runs there with the stage's ARG and ENV values. No Docker engine is needed,
 * so a broken build step fails here before anyone builds the image.
 */
function replay(list: Instruction[], into: string) {
  const stages: Stage[] = [];
  let stage: Stage | undefined;
  const result = { user: '', healthcheck: [] as string[], entrypoint: [] as string[], stages };
  for (const { op, args } of list) {
    if (op === 'FROM') {
      const [image, , name] = args.split(/\s+/);
      const dir = join(into, `stage${stages.length}`);
      mkdirSync(dir, { recursive: true });
      stage = {
        name: name ?? String(stages.length),
        image: image as string,
        root: dir,
        cwd: dir,
        env: {},
      };
      stages.push(stage);
      continue;
    }
    if (!stage) throw new Error(`${op} before FROM`);
    const s = stage;
    switch (op) {
      case 'WORKDIR':
        s.cwd = join(s.root, args);
        mkdirSync(s.cwd, { recursive: true });
        break;
      case 'ARG':
      case 'ENV': {
        const [key, value = ''] = args.split('=');
        s.env[key as string] = value;
        break;
      }
      case 'COPY': {
        const parts = args.split(/\s+/);
        const from = parts[0]?.startsWith('--from=') ? parts.shift()?.slice(7) : undefined;
        const dest = parts.pop() as string;
        const source = from ? stages.find((x) => x.name === from) : undefined;
        if (from && !source) throw new Error(`COPY --from=${from}: no such stage`);
        for (const src of parts) {
          const path = source ? join(source.root, src) : join(root, src);
          if (!existsSync(path)) throw new Error(`COPY ${src}: not found`);
          const target = isAbsolute(dest) ? join(s.root, dest) : join(s.cwd, dest);
          const into = dest.endsWith('/') ? join(target, src.split('/').pop() as string) : target;
          cpSync(path, into, { recursive: true });
        }
        break;
      }
      case 'RUN': {
        const r = spawnSync('sh', ['-c', args], {
          cwd: s.cwd,
          env: { ...process.env, ...s.env },
          encoding: 'utf8',
        });
        if (r.status !== 0) throw new Error(`RUN ${args} failed:\n${r.stdout}${r.stderr}`);
        break;
      }
      case 'USER':
        result.user = args;
        break;
      case 'HEALTHCHECK':
        result.healthcheck = execForm(args);
        break;
      case 'ENTRYPOINT':
        result.entrypoint = execForm(args);
        break;
    }
  }
  return result;
}

describe('deploy/Dockerfile', () => {
  it('builds in one stage and runs from a slim Node.js LTS image as a non-root user', () => {
    const froms = instructions.filter((i) => i.op === 'FROM').map((i) => i.args);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f).toMatch(/^node:(20|22|24)-\w+-slim\b/);
    const user = instructions.filter((i) => i.op === 'USER').pop();
    expect(user?.args).not.toMatch(/^(root|0)$/);
    expect(instructions.some((i) => i.op === 'HEALTHCHECK')).toBe(true);
  });

  describe('its steps, run as plain commands', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-image-'));
    let built: ReturnType<typeof replay>;
    let child: ChildProcess | undefined;
    let port = 0;

    beforeAll(() => {
      built = replay(instructions, dir);
    }, 300_000);

    afterAll(() => {
      child?.kill();
      rmSync(dir, { recursive: true, force: true });
    });

    const final = () => built.stages[built.stages.length - 1] as Stage;
    const health = () => {
      const [cmd, ...args] = built.healthcheck.map((a) => a.replace(':9899', `:${port}`));
      return spawnSync(cmd as string, args, { cwd: final().cwd, encoding: 'utf8' }).status;
    };

    it('leaves only the built exporter and its runtime dependencies in the final stage', () => {
      const app = final().cwd;
      expect(existsSync(join(app, 'dist/exporter/main.js'))).toBe(true);
      // The live view's chart library is served from node_modules.
      expect(existsSync(join(app, 'node_modules/echarts'))).toBe(true);
      expect(existsSync(join(app, 'node_modules/typescript'))).toBe(false);
      expect(existsSync(join(app, 'exporter'))).toBe(false);
    });

    it('starts with its entrypoint, serves host metrics and passes its health check', async () => {
      port = await freePort();
      const [cmd, ...args] = built.entrypoint;
      // The image reads the host through /host mounts; here the host is this machine.
      child = spawn(
        cmd as string,
        [
          ...args,
          '--path.procfs=/proc',
          '--path.sysfs=/sys',
          '--path.rootfs=/',
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { cwd: final().cwd, stdio: 'ignore' },
      );
      await waitForHttp(`http://127.0.0.1:${port}/metrics`);
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toMatch(/^node_cpu_seconds_total\{/m);
      expect(text).toMatch(/^vigil_build_info\{/m);
      expect(health()).toBe(0);
      child.kill();
      await new Promise((r) => child?.once('exit', r));
      expect(health()).not.toBe(0);
    });
  });
});
