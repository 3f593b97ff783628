import { describe, expect, it } from 'vitest';
import { parseCli, parseListenAddress, UsageError } from '../../../exporter/cli/flags.js';

const collectors = [
  {
    name: 'cpu',
    defaultEnabled: true,
    description: 'cpu',
    flags: [
      {
        name: 'skip',
        key: 'skip',
        type: 'pattern' as const,
        default: '^x$',
        help: 'What to skip.',
      },
    ],
  },
  { name: 'extra', defaultEnabled: false, description: 'extra' },
];

function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const result = parseCli(argv, env, collectors);
  if (result.kind !== 'run') throw new Error('expected settings');
  return result.settings;
}

describe('parseCli', () => {
  it('has node_exporter-style defaults', () => {
    const s = run([]);
    expect(s.listen).toEqual({ host: undefined, port: 9899 });
    expect(s.telemetryPath).toBe('/metrics');
    expect(s.maxRequests).toBe(40);
    expect(s.paths).toEqual({ procfs: '/proc', sysfs: '/sys', rootfs: '/' });
    expect(s.collectors).toEqual(['cpu']);
  });

  it('switches collectors on and off', () => {
    expect(run(['--collector.extra', '--no-collector.cpu']).collectors).toEqual(['extra']);
    expect(run(['--collector.disable-defaults', '--collector.cpu']).collectors).toEqual(['cpu']);
  });

  it("reads a collector's own flags from the command line or the environment", () => {
    expect(run([]).collectorFlags).toEqual({});
    expect(run(['--collector.cpu.skip=^y$']).collectorFlags).toEqual({
      'collector.cpu.skip': '^y$',
    });
    expect(run([], { VIGIL_COLLECTOR_CPU_SKIP: '^z$' }).collectorFlags).toEqual({
      'collector.cpu.skip': '^z$',
    });
    expect(() => run(['--collector.cpu.skip=[a'])).toThrow(
      /--collector\.cpu\.skip: expected a regular expression/,
    );
    const help = parseCli(['--help'], {}, collectors);
    expect(help.kind === 'help' && help.text).toContain('--collector.cpu.skip="^x$"');
  });

  it('reads VIGIL_ environment variables, with flags taking precedence', () => {
    expect(run([], { VIGIL_WEB_LISTEN_ADDRESS: '127.0.0.1:1234' }).listen).toEqual({
      host: '127.0.0.1',
      port: 1234,
    });
    expect(
      run(['--web.listen-address=:1'], { VIGIL_WEB_LISTEN_ADDRESS: '127.0.0.1:1234' }).listen.port,
    ).toBe(1);
    expect(run([], { VIGIL_LOG_FORMAT: 'json' }).logFormat).toBe('json');
  });

  it('rejects unknown flags and bad values with a clear message', () => {
    expect(() => run(['--web.listen-adress=:1'])).toThrow(/unknown flag '--web.listen-adress'/);
    expect(() => run(['--log.level=loud'])).toThrow(
      /--log.level: expected one of debug, info, warn, error, got "loud"/,
    );
    expect(() => run(['--web.max-requests=-1'])).toThrow(UsageError);
    expect(() => run(['--collector.cpu', '--no-collector.cpu'])).toThrow(/both given/);
    expect(() => run(['positional'])).toThrow(UsageError);
  });

  it('parses listen addresses', () => {
    expect(parseListenAddress('[::1]:9899')).toEqual({ host: '::1', port: 9899 });
    expect(parseListenAddress('localhost:0')).toEqual({ host: 'localhost', port: 0 });
    expect(() => parseListenAddress('9899')).toThrow(/expected host:port/);
    expect(() => parseListenAddress(':70000')).toThrow(/expected host:port/);
  });

  it('prints help listing every collector', () => {
    const help = parseCli(['--help'], {}, collectors);
    expect(help.kind).toBe('help');
    if (help.kind === 'help') expect(help.text).toContain('--[no-]collector.extra');
  });
});
