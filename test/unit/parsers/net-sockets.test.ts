import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeAddress, parseNetSockets } from '../../../exporter/parsers/net-sockets.js';

const fixture = (path: string) =>
  readFileSync(new URL(`../../fixtures/procs/proc/net/${path}`, import.meta.url), 'utf8');

describe('parseNetSockets', () => {
  it('reads IPv4 TCP sockets with state, uid and inode', () => {
    const sockets = parseNetSockets(fixture('tcp'));
    expect(sockets[0]).toEqual({
      address: '0.0.0.0',
      port: 2024,
      remotePort: 0,
      state: '0A',
      uid: 0,
      inode: '1571',
    });
    expect(sockets[1]).toMatchObject({
      address: '127.0.0.1',
      port: 8080,
      uid: 1000,
      inode: '424201',
    });
    expect(sockets[2]?.state).toBe('06');
  });

  it('reads IPv6 sockets', () => {
    const sockets = parseNetSockets(fixture('tcp6'));
    expect(sockets.map((s) => `${s.address}:${s.port}`)).toEqual([':::22', '::1:8081']);
  });

  it('keeps only the states asked for, reading them before the rest of each line', () => {
    // A real capture of a host with 120 open connections on loopback, IPv4 and IPv6.
    for (const file of ['tcp', 'tcp6']) {
      const text = readFileSync(
        new URL(`../../fixtures/procs/busy-host/proc/net/${file}`, import.meta.url),
        'utf8',
      );
      const all = parseNetSockets(text);
      const listening = parseNetSockets(text, new Set(['0A']));
      expect(all.length, file).toBeGreaterThan(100);
      expect(listening.length, file).toBeGreaterThan(0);
      expect(listening, file).toEqual(all.filter((s) => s.state === '0A'));
    }
  });

  it('rejects a truncated line', () => {
    const truncated = 'header\n   0: 0100007F:1F90 00000000:0000 0A\n';
    expect(() => parseNetSockets(truncated)).toThrow(/line 2: expected at least 10 fields/);
    // A kept state is parsed in full, so its truncation is found too.
    expect(() => parseNetSockets(truncated, new Set(['0A']))).toThrow(/line 2/);
  });
});

describe('decodeAddress', () => {
  it('decodes little-endian words', () => {
    expect(decodeAddress('3500007F')).toBe('127.0.0.53');
    expect(decodeAddress('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
    expect(decodeAddress('B80D0120000000000000000001000000')).toBe('2001:db8::1');
    expect(decodeAddress('000080FE000000000000000001000000')).toBe('fe80::1');
    expect(decodeAddress('00000000000000000000000000000000')).toBe('::');
  });
});
