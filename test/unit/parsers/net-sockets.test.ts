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

  it('rejects a truncated line', () => {
    expect(() => parseNetSockets('header\n   0: 0100007F:1F90 00000000:0000 0A\n')).toThrow(
      /line 2: expected at least 10 fields/,
    );
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
