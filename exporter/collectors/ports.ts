import { join, resolve } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { counter, gauge } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { parseNetSockets, type SocketEntry } from '../parsers/net-sockets.js';
import type { PortsSettings } from '../ports/config.js';
import { probeTcp } from '../ports/probe.js';
import { loadSockDiag, type SockDiag } from '../ports/sock-diag.js';
import { SocketOwners } from '../ports/socket-owners.js';
import { parseSource, readOptional } from './source.js';

const TCP_LISTEN = '0A';
const UDP_UNCONNECTED = '07';
const KEPT_STATES = { tcp: new Set([TCP_LISTEN]), udp: new Set([UDP_UNCONNECTED]) };
const WILDCARDS = new Set(['0.0.0.0', '::']);

export interface Listener {
  readonly protocol: 'tcp' | 'udp';
  readonly address: string;
  readonly port: number;
  readonly inode: string;
}

/**
 * Listening TCP sockets and bound, unconnected UDP sockets, v4 and v6. TCP comes from
 * `listeningTcp` when given and it returns a list, else from /proc/net/tcp{,6}.
 */
export function listeners(
  procfs: string,
  includeEphemeralUdp: boolean,
  listeningTcp?: () => SocketEntry[] | undefined,
): Listener[] {
  const out: Listener[] = [];
  const read = (file: string, states: ReadonlySet<string>): SocketEntry[] => {
    const path = join(procfs, 'net', file);
    const text = readOptional(path);
    return text === null ? [] : parseSource(path, text, (t) => parseNetSockets(t, states));
  };
  const tcp = listeningTcp?.() ?? [
    ...read('tcp', KEPT_STATES.tcp),
    ...read('tcp6', KEPT_STATES.tcp),
  ];
  for (const s of tcp)
    if (s.state === TCP_LISTEN)
      out.push({ protocol: 'tcp', address: s.address, port: s.port, inode: s.inode });
  const [low, high] = (
    readOptional(join(procfs, 'sys/net/ipv4/ip_local_port_range')) ?? '32768 60999'
  )
    .trim()
    .split(/\s+/)
    .map(Number);
  for (const file of ['udp', 'udp6']) {
    for (const s of read(file, KEPT_STATES.udp)) {
      if (s.state !== UDP_UNCONNECTED || s.remotePort !== 0) continue;
      // Client sockets (resolvers) get ephemeral ports; reporting them would churn series.
      if (!includeEphemeralUdp && s.port >= (low ?? 32768) && s.port <= (high ?? 60999)) continue;
      out.push({ protocol: 'udp', address: s.address, port: s.port, inode: s.inode });
    }
  }
  return out;
}

/** Whether an expected port is served: same protocol and port, on its address or a wildcard. */
export function isServed(
  l: readonly Listener[],
  e: { protocol: string; port: number; address?: string },
): boolean {
  return l.some(
    (s) =>
      s.protocol === e.protocol &&
      s.port === e.port &&
      (!e.address || s.address === e.address || WILDCARDS.has(s.address)),
  );
}

export const portsCollector = defineCollector<PortsSettings>({
  name: 'ports',
  defaultEnabled: true,
  description:
    'Listening TCP and UDP ports with their owning process, expected ports and TCP probes.',
  section: ['ports'],
  create: ({ paths, logger, settings: section }) => {
    const owners = new SocketOwners(paths.procfs);
    let dropped = 0;
    // Netlink lists only the listeners, where /proc/net/tcp has every connection of a busy
    // server. It sees this host's sockets, so only with the real /proc; on its first failure
    // the /proc files take over for good. Undefined until the first collection decides.
    let sockDiag: SockDiag | null | undefined;
    const fallBack = (err: unknown): null => {
      logger.debug('netlink sock_diag failed; listing TCP listeners from /proc/net/tcp', { err });
      return null;
    };
    const listeningTcp = (): SocketEntry[] | undefined => {
      try {
        return sockDiag?.listeningTcp();
      } catch (err) {
        sockDiag = fallBack(err);
        return undefined;
      }
    };
    return {
      async collect(signal) {
        const settings = section();
        const probes = Promise.all(
          settings.probes.map((p) => probeTcp(p.target, p.timeout, signal)),
        );
        if (sockDiag === undefined)
          sockDiag =
            resolve(paths.procfs) === '/proc' ? await loadSockDiag().catch(fallBack) : null;
        const found = listeners(paths.procfs, settings.include_ephemeral_udp, listeningTcp);
        const ownerOf = await owners.resolve(
          found.map((l) => l.inode),
          signal,
        );

        const listening = gauge(
          'vigil_port_listening',
          'A listening TCP or bound UDP socket, with the command name of its owner ("" when not readable).',
        );
        const seen = new Set<string>();
        for (const l of found) {
          const labels = {
            protocol: l.protocol,
            address: l.address,
            port: String(l.port),
            process: ownerOf.get(l.inode) ?? '',
          };
          const key = `${labels.protocol} ${labels.address} ${labels.port} ${labels.process}`;
          if (seen.has(key)) continue; // SO_REUSEPORT: several sockets, one series
          if (seen.size >= settings.max_series) {
            dropped++;
            continue;
          }
          seen.add(key);
          listening.add(1, labels);
        }
        const families: MetricFamily[] = [listening.build()];
        families.push(
          counter(
            'vigil_port_dropped_total',
            'Listening sockets left out because ports.max_series was reached.',
          )
            .add(dropped)
            .build(),
        );

        if (settings.expected.length > 0) {
          const up = gauge(
            'vigil_port_expected_up',
            'Whether an expected port is open (1) or not (0).',
          );
          for (const e of settings.expected) {
            up.add(isServed(found, e) ? 1 : 0, {
              name: e.name,
              port: String(e.port),
              protocol: e.protocol,
            });
          }
          families.push(up.build());
        }
        if (settings.probes.length > 0) {
          const results = await probes;
          const success = gauge(
            'vigil_probe_success',
            'Whether the TCP probe connected (1) or not (0).',
          );
          const duration = gauge(
            'vigil_probe_duration_seconds',
            'How long the TCP probe took, in seconds.',
          );
          settings.probes.forEach((p, i) => {
            const r = results[i];
            success.add(r?.success ? 1 : 0, { name: p.name });
            duration.add(r?.durationSeconds ?? 0, { name: p.name });
          });
          families.push(success.build(), duration.build());
        }
        return families.filter((f) => f.samples.length > 0);
      },
    };
  },
});
