import { describe, expect, it } from 'vitest';
import {
  containerLogLabels,
  FrameDecoder,
  type LogFormat,
} from '../../../exporter/logs/framing.js';

/** Feed lines as one block; returns the messages, checking each block's count. */
function feed(decoder: FrameDecoder, lines: string[]): string[] {
  const out: string[] = [];
  decoder.push(lines.join('\n'), lines.length, (text, count) => {
    const messages = text.split('\n');
    expect(messages).toHaveLength(count);
    out.push(...messages);
  });
  return out;
}

function decode(format: LogFormat, lines: string[], max = 1 << 20): [string[], FrameDecoder] {
  const decoder = new FrameDecoder(format, max);
  return [feed(decoder, lines), decoder];
}

const T = '2024-05-01T10:00:00.123456789Z';
const docker = (log: string, stream = 'stdout', time = T) => JSON.stringify({ log, stream, time });

// Lines as Docker's json-file driver writes them: `log` keeps the newline, HTML characters
// are escaped as \u003c, options like --log-opt labels add attrs before the time.
const DOCKER_LINES = [
  String.raw`{"log":"GET /healthz 200\n","stream":"stdout","time":"2024-05-01T10:00:00.123456789Z"}`,
  String.raw`{"log":"2024/05/01 10:00:01 [error] 29#29: *1 open() \"/usr/share/nginx/html/favicon.ico\" failed (2: No such file or directory), client: 172.17.0.1\n","stream":"stderr","time":"2024-05-01T10:00:01.045162871Z"}`,
  String.raw`{"log":"\tat com.example.App.main(App.java:12)\n","stream":"stderr","time":"2024-05-01T10:00:01.0451629Z"}`,
  String.raw`{"log":"\u003ctitle\u003eWelcome \u0026 hello\u003c/title\u003e\n","stream":"stdout","time":"2024-05-01T10:00:02Z"}`,
  String.raw`{"log":"ready\n","stream":"stdout","attrs":{"com.example.app":"web"},"time":"2024-05-01T10:00:02.000000001Z"}`,
  String.raw`{"log":"\n","stream":"stdout","time":"2024-05-01T10:00:03.5Z"}`,
  String.raw`{"log":"windows line\r\n","stream":"stdout","time":"2024-05-01T10:00:03.6Z"}`,
  String.raw`{"log":"path C:\\temp\\n and a quote \" at the end\\\n","stream":"stdout","time":"2024-05-01T10:00:03.7Z"}`,
];

// Lines as containerd writes them, and CRI-O with a local time offset.
const CRI_LINES = [
  '2024-05-01T10:00:00.123456789Z stdout F GET /healthz 200',
  '2024-05-01T10:00:00.200000001Z stderr F E0501 10:00:00.200000       1 reflector.go:138] failed to watch *v1.Pod',
  '2024-05-01T12:00:00.312345678+02:00 stdout F level=info msg="started" port=8080',
  '2024-05-01T10:00:01Z stdout F {"level":"warn","msg":"slow","ms":1200}',
];

describe('FrameDecoder, docker json-file', () => {
  it('hands on the log field of real lines, its final newline stripped', () => {
    const [messages, d] = decode('docker', DOCKER_LINES);
    expect(messages).toEqual([
      'GET /healthz 200',
      '2024/05/01 10:00:01 [error] 29#29: *1 open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), client: 172.17.0.1',
      '\tat com.example.App.main(App.java:12)',
      '<title>Welcome & hello</title>',
      'ready',
      '',
      'windows line',
      'path C:\\temp\\n and a quote " at the end\\',
    ]);
    expect(d.malformed).toBe(0);
  });

  it('hands on all messages of a block in one call', () => {
    const decoder = new FrameDecoder('docker', 1 << 20);
    const calls: Array<[string, number]> = [];
    decoder.push(DOCKER_LINES.join('\n'), DOCKER_LINES.length, (text, count) =>
      calls.push([text, count]),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[1]).toBe(DOCKER_LINES.length);
  });

  it('joins a message Docker split into 16 KiB pieces', () => {
    const message = Array.from({ length: 4000 }, (_, i) => `item=${i}`).join(' ');
    const pieces: string[] = [];
    for (let at = 0; at < message.length; at += 16384) pieces.push(message.slice(at, at + 16384));
    expect(pieces.length).toBeGreaterThan(2);
    const lines = pieces.map((p, i) => docker(i === pieces.length - 1 ? `${p}\n` : p));
    const [messages, d] = decode('docker', [docker('before\n'), ...lines, docker('after\n')]);
    expect(messages).toEqual(['before', message, 'after']);
    expect(d.malformed + d.cut).toBe(0);
  });

  it('joins pieces per stream when stdout and stderr interleave', () => {
    const [messages] = decode('docker', [
      docker('out one, ', 'stdout'),
      docker('err one, ', 'stderr'),
      docker('out two\n', 'stdout'),
      docker('err two\n', 'stderr'),
    ]);
    expect(messages).toEqual(['out one, out two', 'err one, err two']);
  });

  it('keeps pieces across calls', () => {
    const decoder = new FrameDecoder('docker', 1 << 20);
    expect(feed(decoder, [docker('GET /a '), docker('HTTP/1.1 ')])).toEqual([]);
    expect(feed(decoder, [docker('200\n'), docker('next\n')])).toEqual([
      'GET /a HTTP/1.1 200',
      'next',
    ]);
  });

  it('puts a message with inner newlines on one line', () => {
    const [messages] = decode('docker', [docker('first\nsecond\r\nthird\n')]);
    expect(messages).toEqual(['first second third']);
  });

  it('counts and skips malformed lines, never throws', () => {
    const bad = [
      '{"log":"cut short\\n","stream":"stdout"',
      'not json at all',
      '',
      'null',
      '[]',
      '"a string"',
      docker('no such stream\n', 'stdin'),
      JSON.stringify({ log: 42, stream: 'stdout', time: T }),
      JSON.stringify({ stream: 'stdout', time: T }),
      JSON.stringify({ log: 'no time\n', stream: 'stdout' }),
      docker('bad time\n', 'stdout', 'yesterday'),
      JSON.stringify({ log: 'time not a string\n', stream: 'stdout', time: 1714557600 }),
      `{"log":"bad escape \\x41\\n","stream":"stdout","time":"${T}"}`,
      `{"log":"raw\ttab\\n","stream":"stdout","time":"${T}"}`,
    ];
    const [messages, d] = decode('docker', [docker('good\n'), ...bad, docker('also good\n')]);
    expect(messages).toEqual(['good', 'also good']);
    expect(d.malformed).toBe(bad.length);
  });

  it('cuts a joined message at the cap and counts it once', () => {
    const [messages, d] = decode(
      'docker',
      [docker('a'.repeat(60)), docker('b'.repeat(60)), docker('c'.repeat(60)), docker('d\n')],
      100,
    );
    expect(messages).toEqual(['a'.repeat(60) + 'b'.repeat(40)]);
    expect(d.cut).toBe(1);
  });
});

describe('FrameDecoder, CRI', () => {
  it('hands on the message of real lines', () => {
    const [messages, d] = decode('cri', CRI_LINES);
    expect(messages).toEqual([
      'GET /healthz 200',
      'E0501 10:00:00.200000       1 reflector.go:138] failed to watch *v1.Pod',
      'level=info msg="started" port=8080',
      '{"level":"warn","msg":"slow","ms":1200}',
    ]);
    expect(d.malformed).toBe(0);
  });

  it('reads an empty message, with or without the space before it', () => {
    const [messages, d] = decode('cri', [`${T} stdout F `, `${T} stderr F`, `${T} stdout F  two`]);
    expect(messages).toEqual(['', '', ' two']);
    expect(d.malformed).toBe(0);
  });

  it('joins P pieces with the F that ends them', () => {
    const [messages] = decode('cri', [
      `${T} stdout P GET /a`,
      `${T} stdout P pi/v1/items`,
      `${T} stdout F ?page=2 200`,
    ]);
    expect(messages).toEqual(['GET /api/v1/items?page=2 200']);
  });

  it('joins pieces split across two calls', () => {
    const decoder = new FrameDecoder('cri', 1 << 20);
    expect(feed(decoder, [`${T} stdout F before`, `${T} stdout P first half, `])).toEqual([
      'before',
    ]);
    expect(feed(decoder, [`${T} stdout F second half`, `${T} stdout F after`])).toEqual([
      'first half, second half',
      'after',
    ]);
  });

  it('joins pieces per stream when stdout and stderr interleave', () => {
    const [messages] = decode('cri', [
      `${T} stdout P out 1 `,
      `${T} stderr P err 1 `,
      `${T} stderr P err 2 `,
      `${T} stdout F out 2`,
      `${T} stderr F err 3`,
    ]);
    expect(messages).toEqual(['out 1 out 2', 'err 1 err 2 err 3']);
  });

  it('joins an empty piece', () => {
    const [messages] = decode('cri', [`${T} stdout P `, `${T} stdout P x`, `${T} stdout F `]);
    expect(messages).toEqual(['x']);
  });

  it('counts and skips lines without a valid prefix', () => {
    const bad = [
      'GET /healthz 200',
      '',
      `${T}`,
      `${T} stdout`,
      `${T} stdin F message`,
      `${T} stdout X message`,
      `${T} stdout Fmessage`,
      `${T}  stdout F two spaces`,
      '2024-05-01 10:00:00.123456789Z stdout F space in the time',
      '2024-05-01T10:00:00.1234567890Z stdout F ten digits',
      '2024-05-01T10:00:00 stdout F no zone',
      'yesterday stdout F message',
    ];
    const [messages, d] = decode('cri', [`${T} stdout F good`, ...bad, `${T} stdout F fine`]);
    expect(messages).toEqual(['good', 'fine']);
    expect(d.malformed).toBe(bad.length);
  });

  it('skips a malformed line between pieces without losing them', () => {
    const [messages, d] = decode('cri', [`${T} stdout P a`, 'garbage', `${T} stdout F b`]);
    expect(messages).toEqual(['ab']);
    expect(d.malformed).toBe(1);
  });

  it('cuts a message over the cap, not inside a character, and counts it', () => {
    const [messages, d] = decode('cri', [`${T} stdout F ${'x'.repeat(99)}é and more`], 100);
    expect(messages).toEqual(['x'.repeat(99)]);
    expect(d.cut).toBe(1);
  });

  it('caps joined pieces, drops the rest of the message, and goes on', () => {
    const [messages, d] = decode(
      'cri',
      [
        `${T} stdout P ${'a'.repeat(80)}`,
        `${T} stdout P ${'b'.repeat(80)}`,
        `${T} stdout P ${'c'.repeat(80)}`,
        `${T} stdout F end`,
        `${T} stdout F next`,
      ],
      100,
    );
    expect(messages).toEqual(['a'.repeat(80) + 'b'.repeat(20), 'next']);
    expect(d.cut).toBe(1);
  });

  it('keeps a message exactly at the cap whole', () => {
    const [messages, d] = decode(
      'cri',
      [`${T} stdout P ${'a'.repeat(50)}`, `${T} stdout F ${'€'.repeat(16)}bb`],
      100,
    );
    expect(messages).toEqual([`${'a'.repeat(50)}${'€'.repeat(16)}bb`]);
    expect(d.cut).toBe(0);
  });

  it('forgets unfinished pieces on reset', () => {
    const decoder = new FrameDecoder('cri', 1 << 20);
    feed(decoder, [`${T} stdout P stale `]);
    decoder.reset();
    expect(feed(decoder, [`${T} stdout F fresh`])).toEqual(['fresh']);
  });
});

describe('FrameDecoder, plain', () => {
  it('hands blocks on as they are', () => {
    const [messages, d] = decode('plain', [CRI_LINES[0] as string, DOCKER_LINES[0] as string]);
    expect(messages).toEqual([CRI_LINES[0], DOCKER_LINES[0]]);
    expect(d.malformed).toBe(0);
  });
});

describe('containerLogLabels', () => {
  const id = '3f4e1c2b9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f';

  it('reads kubelet pod log paths', () => {
    expect(
      containerLogLabels(
        '/var/log/pods/kube-system_coredns-5d78c9869d-x7k2p_0b6f7c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e/coredns/0.log',
      ),
    ).toEqual({
      namespace: 'kube-system',
      pod: 'coredns-5d78c9869d-x7k2p',
      pod_uid: '0b6f7c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e',
      container: 'coredns',
    });
    expect(
      containerLogLabels(
        '/var/log/pods/shop-prod_web.v2-0_ee8d7a2d2e3c0ab5b37a0a0d65b5d0e2/istio-proxy/12.log',
      ),
    ).toEqual({
      namespace: 'shop-prod',
      pod: 'web.v2-0',
      pod_uid: 'ee8d7a2d2e3c0ab5b37a0a0d65b5d0e2',
      container: 'istio-proxy',
    });
  });

  it("reads kubelet's links in /var/log/containers", () => {
    expect(
      containerLogLabels(
        `/var/log/containers/coredns-5d78c9869d-x7k2p_kube-system_coredns-${id}.log`,
      ),
    ).toEqual({
      namespace: 'kube-system',
      pod: 'coredns-5d78c9869d-x7k2p',
      container: 'coredns',
      container_id: id,
    });
    expect(
      containerLogLabels(`/var/log/containers/web.v2-0_shop-prod_istio-proxy-${id}.log`),
    ).toEqual({
      namespace: 'shop-prod',
      pod: 'web.v2-0',
      container: 'istio-proxy',
      container_id: id,
    });
  });

  it("reads Docker's json-file paths", () => {
    expect(containerLogLabels(`/var/lib/docker/containers/${id}/${id}-json.log`)).toEqual({
      container_id: id,
    });
  });

  it('reads the layouts where the host tree is mounted elsewhere', () => {
    expect(containerLogLabels(`/host/var/lib/docker/containers/${id}/${id}-json.log`)).toEqual({
      container_id: id,
    });
    expect(containerLogLabels('/host/var/log/pods/ns_pod_uid/app/0.log')).toEqual({
      namespace: 'ns',
      pod: 'pod',
      pod_uid: 'uid',
      container: 'app',
    });
  });

  it('gives no labels for other paths', () => {
    for (const path of [
      '/var/log/syslog',
      '/var/log/nginx/access.log',
      '/var/log/pods/kube-system_coredns_uid/coredns/0.log.20240501-100000',
      '/var/log/pods/kube-system_coredns/coredns/0.log',
      '/var/log/pods/a_b_c_d/app/0.log',
      '/var/log/containers/coredns-5d78c9869d-x7k2p_kube-system_coredns.log',
      `/var/log/containers/pod_ns_app-${id.slice(1)}.log`,
      `/var/lib/docker/containers/${id}/config.v2.json`,
      `/var/lib/docker/containers/${id}/${id.replace('3', '4')}-json.log`,
      '',
    ])
      expect(containerLogLabels(path), path).toEqual({});
  });
});
