import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hostExporter } from '../../helpers/collectors.js';

// A platform koffi ships no binary for: importing it throws.
vi.mock('koffi', () => {
  throw new Error('Cannot find the native Koffi module; did you compile it?');
});

describe('ports collector without a loadable FFI library', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(() => {
    server.close();
  });

  it('lists TCP listeners from /proc/net/tcp, saying so once at debug level', async () => {
    const lines: string[] = [];
    const exporter = hostExporter(['ports'], lines);
    await exporter.start();
    try {
      for (let i = 0; i < 3; i++) {
        const families = await exporter.scrape();
        const listening = families.find((f) => f.name === 'vigil_port_listening');
        expect(listening?.samples).toContainEqual(
          expect.objectContaining({
            labels: expect.objectContaining({
              protocol: 'tcp',
              address: '127.0.0.1',
              port: String(port),
            }),
          }),
        );
      }
      const notes = lines.filter((l) => l.includes('sock_diag'));
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatch(/level=debug.*koffi/);
    } finally {
      await exporter.stop();
    }
  });
});
