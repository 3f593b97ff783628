import { readFileSync } from 'node:fs';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listeners } from '../../exporter/collectors/ports.js';
import { AF_INET, parseInetDiag } from '../../exporter/parsers/inet-diag.js';
import { parseNetSockets, type SocketEntry } from '../../exporter/parsers/net-sockets.js';
import { loadSockDiag, type SockDiag } from '../../exporter/ports/sock-diag.js';

/** Enough listeners that a dump takes several recv(2) calls of 64 KiB. */
const LISTENERS_PER_HOST = 400;
const CONNECTIONS_PER_HOST = 20;
const HOSTS = ['127.0.0.1', '::1'];

const fromProc = (): SocketEntry[] =>
  ['tcp', 'tcp6'].flatMap((file) =>
    parseNetSockets(readFileSync(`/proc/net/${file}`, 'utf8')).filter((s) => s.state === '0A'),
  );
const portOf = (server: Server) => (server.address() as AddressInfo).port;
const key = (s: SocketEntry) => `${s.address} ${s.port} ${s.inode} ${s.uid}`;

/** Other programs open and close sockets meanwhile: two readings, taken again until they agree. */
function agreeing<T>(read: () => [T, T]): [T, T] {
  for (let attempt = 1; ; attempt++) {
    const readings = read();
    if (attempt === 5 || isDeepStrictEqual(...readings)) return readings;
  }
}

describe('netlink sock_diag against /proc/net/tcp on this machine', () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  let diag: SockDiag;

  beforeAll(async () => {
    diag = await loadSockDiag();
    for (const host of HOSTS) {
      for (let i = 0; i < LISTENERS_PER_HOST; i++) {
        const server = createServer((s) => sockets.push(s));
        await new Promise<void>((resolve) => server.listen(0, host, resolve));
        servers.push(server);
      }
      const port = portOf(servers.at(-1) as Server);
      for (let i = 0; i < CONNECTIONS_PER_HOST; i++)
        sockets.push(
          await new Promise<Socket>((resolve) => {
            const s = connect(port, host, () => resolve(s));
          }),
        );
    }
  });

  afterAll(() => {
    for (const s of sockets) s.destroy();
    for (const s of servers) s.close();
  });

  it('lists the same listeners as /proc/net/tcp{,6}', () => {
    const [netlink, proc] = agreeing(() => [
      diag.listeningTcp().map(key).sort(),
      fromProc().map(key).sort(),
    ]);
    expect(netlink).toEqual(proc);
    expect(netlink.length).toBeGreaterThanOrEqual(HOSTS.length * LISTENERS_PER_HOST);
  });

  it('finds our listeners and no connection', () => {
    const netlink = diag.listeningTcp();
    expect(netlink.every((s) => s.state === '0A' && s.remotePort === 0)).toBe(true);
    const ours = servers.map(portOf);
    const listed = new Set(netlink.map((s) => `${s.address} ${s.port}`));
    for (const [i, port] of ours.entries())
      expect(listed).toContain(`${HOSTS[Math.floor(i / LISTENERS_PER_HOST)]} ${port}`);
  });

  it('gives the ports collector the listeners it found in /proc, in the same order', () => {
    const [netlink, proc] = agreeing(() => [
      listeners('/proc', true, () => diag.listeningTcp()),
      listeners('/proc', true),
    ]);
    expect(netlink).toEqual(proc);
  });

  it('reads a long dump in several replies', () => {
    const replies = diag.rawListeningTcp(AF_INET).map((r) => parseInetDiag(r, true));
    expect(replies.filter((r) => r.entries.length > 0).length).toBeGreaterThan(1);
    expect(replies.at(-1)?.done).toBe(true);
  });
});
