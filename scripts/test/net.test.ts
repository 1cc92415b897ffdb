// freePort gives a loopback port nothing listens on: a server can take it at once.
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../lib/net.mjs';

function listen(port: number): Promise<ReturnType<typeof createServer>> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => resolve(srv));
  });
}

describe('freePort', () => {
  it('returns a port a server can listen on at once, on 127.0.0.1', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65_536);
    const srv = await listen(port);
    try {
      expect((srv.address() as AddressInfo).port).toBe(port);
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });

  it('never returns a port that is taken', async () => {
    const held = await listen(0);
    const taken = (held.address() as AddressInfo).port;
    try {
      const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
      expect(ports).not.toContain(taken);
    } finally {
      await new Promise((r) => held.close(r));
    }
  });
});
