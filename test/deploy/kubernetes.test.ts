import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { GENERATED } from '../../deploy/scripts/kubernetes-manifests.js';
import { findTool } from '../helpers/tools.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = `${root}deploy/kubernetes`;
const kubectl = findTool('kubectl');
const promtool = findTool('promtool');

/** The schema of each kind the manifests use. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/DaemonSet': DaemonSet,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
}

const manifests: Array<{ file: string; doc: Manifest }> = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .flatMap((file) =>
    parseAllDocuments(readFileSync(`${dir}/${file}`, 'utf8')).map((d) => ({
      file,
      doc: d.toJSON() as Manifest,
    })),
  );

describe('deploy/kubernetes/', () => {
  it('holds the PrometheusRule and dashboards as generated from alert-rules/ and grafana/', () => {
    for (const [path, make] of Object.entries(GENERATED))
      expect(readFileSync(`${root}${path}`, 'utf8'), `${path}: run npm run manifests`).toBe(make());
  });

  it('has every rule group of alert-rules/ in its PrometheusRule', () => {
    const rule = manifests.find((m) => m.doc.kind === 'PrometheusRule')?.doc;
    const groups = readdirSync(`${root}alert-rules`)
      .filter((f) => f.endsWith('.yml'))
      .sort()
      .flatMap((f) => parse(readFileSync(`${root}alert-rules/${f}`, 'utf8')).groups);
    expect(rule?.spec?.groups).toEqual(groups);
  });

  it('validates every manifest against its Kubernetes or Prometheus Operator schema', () => {
    expect(manifests.map((m) => m.doc.kind).sort()).toEqual([
      'ConfigMap',
      'DaemonSet',
      'PrometheusRule',
      'Service',
      'ServiceMonitor',
    ]);
    for (const { file, doc } of manifests) {
      const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
      expect(Model, `${file}: ${doc.apiVersion} ${doc.kind}`).toBeDefined();
      expect(
        () => new (Model as NonNullable<typeof Model>)(doc as never).validate(),
        file,
      ).not.toThrow();
    }
  });

  it('runs on every node with the host read-only, probes, limits and no root', () => {
    const ds = manifests.find((m) => m.doc.kind === 'DaemonSet')?.doc as unknown as DaemonSet;
    const pod = ds.spec?.template.spec;
    const c = pod?.containers[0];
    expect(pod?.hostPID).toBe(true);
    expect(pod?.tolerations).toContainEqual({ operator: 'Exists' });
    expect(pod?.securityContext?.runAsNonRoot).toBe(true);
    expect(c?.securityContext?.allowPrivilegeEscalation).toBe(false);
    expect(c?.securityContext?.readOnlyRootFilesystem).toBe(true);
    for (const path of ['/host/proc', '/host/sys', '/host/root'])
      expect(c?.volumeMounts?.find((v) => v.mountPath === path)?.readOnly, path).toBe(true);
    expect(c?.livenessProbe?.httpGet?.path).toBe('/-/healthy');
    expect(c?.readinessProbe?.httpGet?.path).toBe('/-/ready');
    expect(c?.resources?.limits?.memory).toBeTruthy();
    expect(c?.resources?.requests?.cpu).toBeTruthy();
  });

  it.skipIf(!kubectl)('builds with kustomize into one namespace', () => {
    const r = spawnSync(kubectl as string, ['kustomize', dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const docs = parseAllDocuments(r.stdout).map(
      (d) =>
        d.toJSON() as Manifest & {
          metadata: { namespace?: string };
        },
    );
    expect(docs.map((d) => d.kind).sort()).toEqual([
      'ConfigMap',
      'ConfigMap',
      'DaemonSet',
      'PrometheusRule',
      'Service',
      'ServiceMonitor',
    ]);
    for (const d of docs) expect(d.metadata.namespace, d.kind).toBe('monitoring');
    // The generated config map's hashed name is what the DaemonSet mounts.
    const config = docs.find(
      (d) => d.kind === 'ConfigMap' && d.metadata.name.startsWith('vigil-config'),
    );
    const ds = docs.find((d) => d.kind === 'DaemonSet') as unknown as DaemonSet;
    const volume = ds.spec?.template.spec?.volumes?.find((v) => v.name === 'config');
    expect(volume?.configMap?.name).toBe(config?.metadata.name);
    expect(config?.metadata.name).toMatch(/^vigil-config-\w+$/);
  });

  describe('push/: a Prometheus agent beside vigil (kustomize component)', () => {
    const agentConfig = parse(readFileSync(`${dir}/push/prometheus-agent.yml`, 'utf8'));

    it('names the node in an external label and writes to a receiver', () => {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Prometheus expands it, not JavaScript
      expect(agentConfig.global.external_labels).toEqual({ host: '${NODE_NAME}' });
      expect(agentConfig.scrape_configs[0].static_configs[0].targets).toEqual(['127.0.0.1:9899']);
      expect(agentConfig.remote_write[0].url).toMatch(/^https?:\/\/.+\/api\/v1\/write$/);
    });

    it.skipIf(!promtool)('has a valid agent config', () => {
      const r = spawnSync(
        promtool as string,
        ['check', 'config', '--agent', `${dir}/push/prometheus-agent.yml`],
        { encoding: 'utf8' },
      );
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    });

    it.skipIf(!kubectl)('builds with vigil into a valid DaemonSet running the agent', () => {
      // An overlay as a user writes it; kustomize takes relative paths only.
      const overlay = mkdtempSync(join(tmpdir(), 'vigil-kustomize-'));
      let built: SpawnSyncReturns<string>;
      try {
        const base = relative(overlay, dir);
        writeFileSync(
          join(overlay, 'kustomization.yaml'),
          stringify({
            apiVersion: 'kustomize.config.k8s.io/v1beta1',
            kind: 'Kustomization',
            resources: [base],
            components: [`${base}/push`],
          }),
        );
        built = spawnSync(kubectl as string, ['kustomize', overlay], { encoding: 'utf8' });
      } finally {
        rmSync(overlay, { recursive: true, force: true });
      }
      expect(built.status, built.stderr).toBe(0);
      const docs = parseAllDocuments(built.stdout).map(
        (d) => d.toJSON() as Manifest & { metadata: { namespace?: string } },
      );
      for (const d of docs) expect(d.metadata.namespace, d.kind).toBe('monitoring');
      const ds = docs.find((d) => d.kind === 'DaemonSet') as Manifest;
      expect(() => new DaemonSet(ds as never).validate()).not.toThrow();
      const pod = (ds as unknown as DaemonSet).spec?.template.spec;
      expect(pod?.containers.map((c) => c.name).sort()).toEqual(['prometheus-agent', 'vigil']);
      const agent = pod?.containers.find((c) => c.name === 'prometheus-agent');
      expect(agent?.args).toContain('--agent');
      expect(agent?.env).toContainEqual({
        name: 'NODE_NAME',
        valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } },
      });
      expect(agent?.securityContext?.readOnlyRootFilesystem).toBe(true);
      // The agent reads the generated config map (hashed name) and keeps its WAL in a volume.
      const config = docs.find(
        (d) => d.kind === 'ConfigMap' && d.metadata.name.startsWith('vigil-prometheus-agent'),
      ) as Manifest & { data: Record<string, string> };
      expect(() => new ConfigMap(config as never).validate()).not.toThrow();
      expect(parse(config.data['prometheus-agent.yml'] ?? '')).toEqual(agentConfig);
      const mounts = new Map(agent?.volumeMounts?.map((m) => [m.mountPath, m.name]));
      const volume = (name?: string) => pod?.volumes?.find((v) => v.name === name);
      expect(volume(mounts.get('/etc/prometheus'))?.configMap?.name).toBe(config.metadata.name);
      const wal = agent?.args?.find((a) => a.startsWith('--storage.agent.path='))?.split('=')[1];
      expect(volume(mounts.get(wal ?? ''))?.emptyDir).toBeDefined();
    });
  });
});
