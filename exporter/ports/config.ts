import * as z from 'zod';
import { duration } from '../config/fields.js';

const hostPort = z
  .string()
  .regex(/^(\[[^\]]+\]|[^:\s]+):\d{1,5}$/, 'expected host:port such as 127.0.0.1:5432 or [::1]:80');

/** The `ports:` section: expected ports, probes and the bound on listening sockets. */
export const portsSection = z
  .strictObject({
    /** Ports that must be open: vigil_port_expected_up. */
    expected: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          port: z.number().int().min(1).max(65535),
          protocol: z.enum(['tcp', 'udp']).default('tcp'),
          address: z.string().min(1).optional(),
        }),
      )
      .default([]),
    /** TCP connect probes: vigil_probe_success, vigil_probe_duration_seconds. */
    probes: z
      .array(
        z.strictObject({ name: z.string().min(1), target: hostPort, timeout: duration.default(1) }),
      )
      .default([]),
    /** Most listening sockets reported; the rest are counted in vigil_port_dropped_total. */
    max_series: z.number().int().min(1).default(1000),
    /** UDP sockets bound to an ephemeral port are usually clients (DNS lookups), not services. */
    include_ephemeral_udp: z.boolean().default(false),
  })
  .prefault({});

export type PortsSettings = z.output<typeof portsSection>;
