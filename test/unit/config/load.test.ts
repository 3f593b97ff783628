import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../exporter/config/duration.js';
import { ConfigError, loadConfigFile, parseConfig } from '../../../exporter/config/load.js';

function problem(text: string): string {
  try {
    parseConfig(text, 'vigil.yml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('config loading', () => {
  it('applies defaults to an empty file', () => {
    const config = parseConfig('', 'vigil.yml');
    expect(config.scrape.timeout).toBe(5);
    expect(config.collectors.filesystem.statfs_timeout).toBe(2);
    expect(config.collectors.diskstats.device_exclude).toContain('loop');
  });

  it('reads durations and patterns', () => {
    const config = parseConfig(
      'scrape:\n  timeout: 1m30s\ncollectors:\n  netdev:\n    device_exclude: "^veth"\n',
      'vigil.yml',
    );
    expect(config.scrape.timeout).toBe(90);
    expect(config.collectors.netdev.device_exclude).toBe('^veth');
  });

  it('names file, line, key path and expectation for a bad value', () => {
    expect(problem('scrape:\n  timeout: soon\n')).toContain(
      'vigil.yml:2:12: scrape.timeout: expected a duration such as 5s',
    );
  });

  it('names an unknown key where it stands', () => {
    expect(problem('collectors:\n  filesystem:\n    mount_point_exclude: x\n')).toContain(
      'vigil.yml:3:5: collectors.filesystem.mount_point_exclude: unknown key',
    );
  });

  it('rejects an invalid regular expression', () => {
    expect(problem('collectors:\n  diskstats:\n    device_exclude: "(["\n')).toMatch(
      /vigil\.yml:3:21: collectors\.diskstats\.device_exclude: expected a regular expression/,
    );
  });

  it('reports YAML syntax errors with a line', () => {
    expect(problem('scrape:\n  timeout: [1s\n')).toMatch(/vigil\.yml:\d+:\d+: /);
  });

  it('reports a missing file by name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-'));
    await expect(loadConfigFile(join(dir, 'none.yml'))).rejects.toThrow(
      /none\.yml: cannot read: no such file/,
    );
    try {
      await writeFile(join(dir, 'ok.yml'), 'scrape:\n  timeout: 3s\n');
      expect((await loadConfigFile(join(dir, 'ok.yml'))).scrape.timeout).toBe(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('durations', () => {
  it('parses Prometheus durations', () => {
    expect(parseDuration('250ms')).toBe(0.25);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('5')).toBeNull();
    expect(parseDuration('1.5s')).toBeNull();
  });
  it('formats them back', () => {
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(0.25)).toBe('250ms');
  });
});

describe('YAML aliases', () => {
  it('reports an alias to a missing anchor, and alias bombs, as config errors', () => {
    expect(() => parseConfig('scrape: *missing\n', 'a.yml')).toThrow(ConfigError);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 8 }, (_, i) => {
        const prev = String.fromCharCode(97 + i);
        const name = String.fromCharCode(98 + i);
        return `${name}: &${name} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
      }),
    ].join('\n');
    expect(() => parseConfig(bomb, 'bomb.yml')).toThrow(/bomb\.yml/);
  });
});
