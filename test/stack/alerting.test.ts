import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  type RunningAlertmanager,
  startAlertmanager,
  startAlertmanagerContainer,
  startWebhookReceiver,
  type WebhookNotification,
} from '../helpers/alertmanager.js';
import { containerEngine } from '../helpers/containers.js';
import { type RunningVigil, startVigil } from '../helpers/process.js';
import {
  eventually,
  fastRules,
  type RunningPrometheus,
  startPrometheus,
  startPrometheusContainer,
} from '../helpers/prometheus.js';
import { findTool } from '../helpers/tools.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// The official images where a container engine runs, the Debian binaries otherwise.
const containers = await containerEngine();
const prometheusBinary = containers ? null : findTool('prometheus');
const alertmanagerBinary = containers ? null : findTool('prometheus-alertmanager', 'alertmanager');
const amtool = findTool('amtool');

/** A process with a name of its own: a copy of sleep, whose comm is the copy's file name. */
const WATCHED = 'vigil-e2e-wd';

interface Route {
  group_wait?: string;
  group_interval?: string;
  routes?: Route[];
}

/**
 * deploy/alertmanager.yml with its routing, grouping and inhibition as shipped, but waits
 * of a second, every webhook pointed at this test's receiver with its token read from a
 * file here, and e-mail left out (no mail server runs in the test).
 */
function testAlertmanagerConfig(webhookUrl: string, tokenFile: string): string {
  const config = parse(readFileSync(join(root, 'deploy/alertmanager.yml'), 'utf8'));
  const shorten = (route: Route) => {
    if (route.group_wait) route.group_wait = '1s';
    if (route.group_interval) route.group_interval = '1s';
    for (const r of route.routes ?? []) shorten(r);
  };
  shorten(config.route);
  for (const receiver of config.receivers) {
    receiver.email_configs = undefined;
    for (const hook of receiver.webhook_configs ?? []) {
      hook.url = webhookUrl;
      hook.http_config.authorization.credentials_file = tokenFile;
    }
  }
  return stringify(config);
}

describe('deploy/alertmanager.yml', () => {
  it.skipIf(!amtool)('passes amtool check-config', () => {
    const r = spawnSync(amtool as string, ['check-config', 'deploy/alertmanager.yml'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(`${r.stdout}${r.stderr}`).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it.skipIf(!amtool)('routes by severity', () => {
    const receiver = (severity: string) =>
      spawnSync(
        amtool as string,
        [
          'config',
          'routes',
          'test',
          '--config.file=deploy/alertmanager.yml',
          `severity=${severity}`,
        ],
        { cwd: root, encoding: 'utf8' },
      ).stdout.trim();
    expect(receiver('critical')).toBe('oncall');
    expect(receiver('warning')).toBe('team-email');
    expect(receiver('info')).toBe('webhook');
    expect(receiver('none')).toBe('webhook');
  });
});

describe.skipIf(!containers && (!prometheusBinary || !alertmanagerBinary))(
  'alerting end to end: vigil, Prometheus with the shipped rules, Alertmanager',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-alerting-'));
    const token = 's3cret-webhook-token';
    let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
    let alertmanager: RunningAlertmanager;
    let prometheus: RunningPrometheus;
    let vigil: RunningVigil;
    let watched: ChildProcess | undefined;

    const startWatched = () => {
      watched = spawn(join(dir, WATCHED), ['600'], { stdio: 'ignore' });
    };

    beforeAll(async () => {
      copyFileSync('/bin/sleep', join(dir, WATCHED));
      spawnSync('chmod', ['+x', join(dir, WATCHED)]);
      startWatched();
      writeFileSync(join(dir, 'token'), token);
      writeFileSync(
        join(dir, 'vigil.yml'),
        `processes:\n  groups:\n    - name: e2e-watched\n      comm: [${WATCHED}]\n      min_count: 1\n`,
      );
      vigil = await startVigil([
        '--collector.disable-defaults',
        '--collector.process_groups',
        `--config.file=${join(dir, 'vigil.yml')}`,
      ]);
      webhook = await startWebhookReceiver();
      alertmanager = containers
        ? await startAlertmanagerContainer(
            testAlertmanagerConfig(webhook.url, '/etc/alertmanager/webhook-token'),
            { 'webhook-token': token },
          )
        : await startAlertmanager(
            alertmanagerBinary as string,
            testAlertmanagerConfig(webhook.url, join(dir, 'token')),
          );
      const rules = fastRules('2s');
      const config = parse(readFileSync(join(root, 'prometheus.yml'), 'utf8'));
      config.global = { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' };
      config.rule_files = Object.keys(rules);
      config.alerting.alertmanagers[0].static_configs = [{ targets: [alertmanager.address] }];
      config.scrape_configs = [
        {
          job_name: 'vigil',
          static_configs: [{ targets: [vigil.url.replace('http://', '')] }],
        },
      ];
      const options = { files: rules, args: ['--rules.alert.resend-delay=1s'] };
      prometheus = containers
        ? await startPrometheusContainer(stringify(config), options)
        : await startPrometheus(prometheusBinary as string, stringify(config), options);
    }, 180_000);

    afterAll(async () => {
      watched?.kill('SIGKILL');
      await prometheus?.stop();
      await alertmanager?.stop();
      await vigil?.stop();
      await webhook?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const notification = (status: 'firing' | 'resolved') =>
      eventually(
        async () =>
          webhook.received.find(
            (n) =>
              n.body.status === status &&
              n.body.alerts.some((a) => a.labels.alertname === 'WatchedProcessGroupDown'),
          ),
        30_000,
        `a ${status} WatchedProcessGroupDown notification`,
      );

    it('delivers a firing alert when a watched process dies, and the resolution when it is back', async () => {
      // Running: the group is up in Prometheus, and nothing is sent.
      await eventually(async () => {
        const up = await prometheus.query('vigil_process_group_up{groupname="e2e-watched"}');
        return up[0]?.value[1] === '1' ? true : undefined;
      });
      expect(webhook.received.filter((n) => n.body.status === 'firing')).toEqual([]);

      watched?.kill('SIGKILL');
      const firing: WebhookNotification = await notification('firing');
      const alert = firing.body.alerts.find(
        (a) => a.labels.alertname === 'WatchedProcessGroupDown',
      );
      expect(alert?.labels).toMatchObject({
        alertname: 'WatchedProcessGroupDown',
        groupname: 'e2e-watched',
        severity: 'critical',
        job: 'vigil',
        instance: vigil.url.replace('http://', ''),
      });
      expect(alert?.annotations.runbook_url).toBe('docs/runbooks.md#watchedprocessgroupdown');
      // Routed by severity to the on-call receiver, with the token read from its file.
      expect(firing.body.receiver).toBe('oncall');
      expect(firing.headers.authorization).toBe(`Bearer ${token}`);

      startWatched();
      const resolved = await notification('resolved');
      expect(resolved.body.alerts[0]?.labels.groupname).toBe('e2e-watched');
    }, 90_000);
  },
);
