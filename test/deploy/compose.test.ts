import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { findTool } from '../helpers/tools.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const deploy = join(root, 'deploy');
const compose = parse(readFileSync(join(deploy, 'docker-compose.yml'), 'utf8'));
const promtool = findTool('promtool');

interface Service {
  profiles?: string[];
  volumes?: string[];
  secrets?: Array<{ source: string; target: string }>;
  build?: { context: string; dockerfile: string };
}
const services = compose.services as Record<string, Service>;

/** host path → container path of a service's bind mounts (named volumes left out). */
function binds(service: Service): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of service.volumes ?? []) {
    const [source, target] = v.split(':') as [string, string];
    if (source.startsWith('.') || source.startsWith('/')) out.set(source, target);
  }
  return out;
}

describe('deploy/docker-compose.yml', () => {
  it('is valid against the Compose specification (dclint)', () => {
    const r = spawnSync(
      join(root, 'node_modules/.bin/dclint'),
      ['-q', 'deploy/docker-compose.yml'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
    expect(r.status).toBe(0);
  });

  it('runs vigil, Prometheus, Alertmanager and Grafana (and a push agent) from files that exist here', () => {
    const byDefault = Object.entries(services).filter(([, s]) => !s.profiles);
    expect(byDefault.map(([name]) => name).sort()).toEqual([
      'alertmanager',
      'grafana',
      'prometheus',
      'vigil',
    ]);
    expect(services['prometheus-agent']?.profiles).toEqual(['push']);
    const build = services.vigil?.build;
    expect(existsSync(resolve(deploy, build?.context ?? '', build?.dockerfile ?? ''))).toBe(true);
    for (const [name, service] of Object.entries(services))
      for (const source of binds(service).keys())
        if (source.startsWith('.'))
          expect(existsSync(resolve(deploy, source)), `${name}: ${source}`).toBe(true);
  });

  it('gives vigil the host: its process table, network and read-only /proc, /sys and /', () => {
    const vigil = services.vigil as Service & { pid?: string; network_mode?: string };
    expect(vigil.pid).toBe('host');
    expect(vigil.network_mode).toBe('host');
    const mounts = (vigil.volumes ?? []).map((v) => v.split(':'));
    for (const [host, inside] of [
      ['/proc', '/host/proc'],
      ['/sys', '/host/sys'],
      ['/', '/host/root'],
    ])
      expect(mounts.find((m) => m[0] === host && m[1] === inside)?.[2], host).toMatch(/\bro\b/);
  });

  it('mounts the secrets where deploy/alertmanager.yml reads them', () => {
    const am = parse(readFileSync(join(deploy, 'alertmanager.yml'), 'utf8'));
    const read = new Set<string>([am.global.smtp_auth_password_file]);
    for (const r of am.receivers)
      for (const h of r.webhook_configs ?? [])
        read.add(h.http_config.authorization.credentials_file);
    const mounted = new Set((services.alertmanager?.secrets ?? []).map((s) => s.target));
    expect(mounted).toEqual(read);
    for (const s of services.alertmanager?.secrets ?? [])
      expect(compose.secrets[s.source], s.source).toBeTruthy();
  });

  it("mounts Grafana's provisioning and the dashboards where the provider looks", () => {
    const grafana = binds(services.grafana as Service);
    const providers = parse(
      readFileSync(join(root, 'grafana/provisioning/dashboards/vigil.yml'), 'utf8'),
    );
    expect(grafana.get('../grafana/dashboards')).toBe(providers.providers[0].options.path);
    expect(grafana.get('../grafana/provisioning/datasources')).toBe(
      '/etc/grafana/provisioning/datasources',
    );
    expect(grafana.get('../grafana/provisioning/dashboards')).toBe(
      '/etc/grafana/provisioning/dashboards',
    );
  });

  it.skipIf(!promtool)(
    "gives Prometheus the repository's settings and rules, and a valid config",
    () => {
      const ours = parse(readFileSync(join(deploy, 'compose/prometheus.yml'), 'utf8'));
      const repo = parse(readFileSync(join(root, 'prometheus.yml'), 'utf8'));
      expect(ours.global).toEqual(repo.global);
      const jobs = (c: { scrape_configs: Array<{ job_name: string }> }) =>
        c.scrape_configs.map((j) => j.job_name);
      expect(jobs(ours)).toEqual(jobs(repo));
      const rulesMount = binds(services.prometheus as Service).get('../alert-rules');
      expect(ours.rule_files).toEqual([`${rulesMount}/*.yml`]);
      // promtool checks the rule files too: point it at the repository's.
      const dir = mkdtempSync(join(tmpdir(), 'vigil-compose-'));
      try {
        ours.rule_files = [join(root, 'alert-rules/*.yml')];
        writeFileSync(join(dir, 'prometheus.yml'), stringify(ours));
        const r = spawnSync(promtool as string, ['check', 'config', join(dir, 'prometheus.yml')], {
          encoding: 'utf8',
        });
        expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  describe('push profile: a Prometheus agent beside vigil', () => {
    const agent = services['prometheus-agent'] as Service & {
      network_mode?: string;
      command?: string[];
      environment?: Record<string, string>;
    };
    const mounted = binds(agent);
    const configPath = [...mounted].find(([, inside]) => inside === '/etc/prometheus/agent.yml');
    const config = parse(readFileSync(resolve(deploy, configPath?.[0] ?? ''), 'utf8'));
    // As compose passes it to the shell: `$$` is a literal `$`.
    const command = (agent.command?.join(' ') ?? '').replaceAll('$$', '$');

    it('scrapes vigil on the host network and names the host in an external label', () => {
      expect(agent.network_mode).toBe('host');
      const targets = config.scrape_configs.flatMap(
        (j: { static_configs: Array<{ targets: string[] }> }) =>
          j.static_configs.flatMap((c) => c.targets),
      );
      expect(targets).toEqual(['localhost:9899']);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Prometheus expands it, not JavaScript
      expect(config.global.external_labels).toEqual({ host: '${VIGIL_HOST}' });
      expect(agent.environment).toHaveProperty('VIGIL_HOST');
    });

    it('runs in agent mode and writes to the URL of VIGIL_REMOTE_WRITE_URL', () => {
      expect(command).toMatch(/exec \/bin\/prometheus --agent /);
      expect(command).toContain('--storage.agent.path=/prometheus/');
      expect(agent.environment).toHaveProperty('VIGIL_REMOTE_WRITE_URL');
      // The placeholder of the file is what the start command replaces with the variable.
      const placeholder = config.remote_write[0].url as string;
      expect(command).toContain(`sed "s|${placeholder}|$VIGIL_REMOTE_WRITE_URL|"`);
      expect(compose.volumes).toHaveProperty('prometheus-agent-data');
    });

    it.skipIf(!promtool)('has a valid agent config once the URL is set', () => {
      const dir = mkdtempSync(join(tmpdir(), 'vigil-compose-'));
      try {
        config.remote_write[0].url = 'http://receiver.example:8428/api/v1/write';
        writeFileSync(join(dir, 'agent.yml'), stringify(config));
        const r = spawnSync(
          promtool as string,
          ['check', 'config', '--agent', join(dir, 'agent.yml')],
          {
            encoding: 'utf8',
          },
        );
        expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
