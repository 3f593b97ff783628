import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../exporter/config/load.js';
import { sampleValue } from '../helpers/exposition.js';
import { expectSourceLines, logTestBed } from '../helpers/logs.js';
import type { TestServer } from '../helpers/server.js';

const bed = logTestBed('vigil-containers-');

async function start(source: string): Promise<TestServer> {
  const config = parseConfig(
    `
logs:
  positions_file: ""
  sources:
    - name: pods
      start_at: beginning
${source}
      rules:
        - {name: errors, match: 'error', metric: pod_errors_total}
        - {name: status, match: '" (?P<status>\\d{3}) ', metric: pod_requests_total, labels: [status]}
`,
    'test.yml',
  );
  return bed.start(config);
}

const expectLines = (server: TestServer, n: number) => expectSourceLines(server, 'pods', n, 500);

// As containerd writes them under the kubelet's /var/log/pods layout.
const POD_DIR = 'var/log/pods/shop_web-7d9c8b6f5-x2x9q_0c1f2e3d-4a5b-6c7d-8e9f-0a1b2c3d4e5f/nginx';
const ACCESS =
  '10.244.1.7 - - [01/May/2024:10:00:00 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29"';

describe('container log files', () => {
  it('decodes CRI lines, joins partial lines written apart, and labels by pod', async () => {
    mkdirSync(bed.path(POD_DIR), { recursive: true });
    const file = bed.path(POD_DIR, '0.log');
    writeFileSync(
      file,
      [
        `2024-05-01T10:00:00.000000001Z stdout F ${ACCESS}`,
        '2024-05-01T10:00:00.100000000Z stderr F 2024/05/01 10:00:00 [error] 29#29: upstream timed out',
        '2024-05-01T10:00:00.200000000Z stdout P 10.244.1.8 - - [01/May/2024:10:00:00 +0000] "GET /big HTTP/1.1"',
        '',
      ].join('\n'),
    );
    const server = await start(
      `      paths: ["${bed.path('var/log/pods/*/*/*.log')}"]\n      format: cri\n      path_labels: [namespace, pod, container]`,
    );
    const pod = { namespace: 'shop', pod: 'web-7d9c8b6f5-x2x9q', container: 'nginx' };
    let m = await expectLines(server, 3);
    expect(sampleValue(m, 'pod_errors_total', pod)).toBe(1);
    expect(sampleValue(m, 'pod_requests_total', { ...pod, status: '200' })).toBe(1);
    // The partial line is not a message yet: its end arrives in a later write.
    expect(sampleValue(m, 'pod_requests_total', { ...pod, status: '404' })).toBeUndefined();
    appendFileSync(file, '2024-05-01T10:00:00.200000001Z stdout F  404 153 "-" "curl/8.5.0"\n');
    appendFileSync(file, 'not a CRI line\n');
    m = await expectLines(server, 5);
    expect(sampleValue(m, 'pod_requests_total', { ...pod, status: '404' })).toBe(1);
    expect(sampleValue(m, 'vigil_log_malformed_lines_total', { source: 'pods' })).toBe(1);
  });

  it('decodes Docker json-file lines, joins 16 KiB pieces, and labels by container id', async () => {
    const id = 'a3f1c9e2b7d84f06a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718';
    mkdirSync(bed.path('containers', id), { recursive: true });
    const file = bed.path('containers', id, `${id}-json.log`);
    const line = (log: string, stream = 'stdout') =>
      `${JSON.stringify({ log, stream, time: '2024-05-01T10:00:00.123456789Z' })}\n`;
    const big = 'x'.repeat(16 * 1024);
    writeFileSync(
      file,
      line(`${ACCESS}\n`) +
        line('upstream error: connect() failed\n', 'stderr') +
        line(big) +
        line(' "GET /y HTTP/1.1" 500 0 error\n') +
        '{"log":"torn\n',
    );
    const server = await start(
      `      paths: ["${bed.path('containers/*/*-json.log')}"]\n      format: docker\n      path_labels: [container_id]`,
    );
    const m = await expectLines(server, 5);
    expect(sampleValue(m, 'pod_errors_total', { container_id: id })).toBe(2);
    expect(sampleValue(m, 'pod_requests_total', { container_id: id, status: '200' })).toBe(1);
    expect(sampleValue(m, 'pod_requests_total', { container_id: id, status: '500' })).toBe(1);
    expect(sampleValue(m, 'vigil_log_malformed_lines_total', { source: 'pods' })).toBe(1);
  });
});
