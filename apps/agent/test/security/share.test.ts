// Share mode serves one snapshot to others on the one address given, and nothing on loopback
// (unless that address is loopback). 127.0.0.2 stands in for a LAN address: Linux routes all
// of 127/8 to lo, so binding it is real and 127.0.0.1 is then a different, unbound address.
import { connect } from 'node:net';
import { SnapshotSource } from '@objscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server';
import { inputQuery, raw, testSnapshot } from '../api/helpers';

const ADDR = '127.0.0.2';
let shared: RunningServer;

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  const source = new SnapshotSource(testSnapshot(), { kind: 'share', label: 'shared' });
  shared = await startServer({ source, port: 0, shareHost: ADDR, webRoot: null });
});
afterAll(() => shared.close());

describe('share mode', () => {
  it('binds only the address it was given', async () => {
    expect(shared.host).toBe(ADDR);
    expect(shared.url).toBe(`http://${ADDR}:${shared.port}/`);
    expect(await canConnect(ADDR, shared.port)).toBe(true);
    expect(await canConnect('127.0.0.1', shared.port)).toBe(false);
  });

  it('serves the shared snapshot on that address, labelled as shared', async () => {
    const r = await raw(shared.port, { host: ADDR, path: `/trpc/source.info?${inputQuery(undefined)}`, headers: { Host: `${ADDR}:${shared.port}` } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('"kind":"share"');
  });

  it('still refuses a foreign Host and a foreign Origin', async () => {
    const badHost = await raw(shared.port, { host: ADDR, path: '/trpc/source.info', headers: { Host: `attacker.example:${shared.port}` } });
    expect(badHost.status).toBe(403);
    const badOrigin = await raw(shared.port, {
      host: ADDR,
      path: '/trpc/source.info',
      headers: { Host: `${ADDR}:${shared.port}`, Origin: 'https://attacker.example' },
    });
    expect(badOrigin.status).toBe(403);
  });

  const diffPost = (a: string, b: string) => {
    const body = JSON.stringify({ json: { a, b } });
    return raw(shared.port, {
      host: ADDR,
      method: 'POST',
      path: '/trpc/snapshot.diff',
      headers: { Host: `${ADDR}:${shared.port}`, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
      body,
    });
  };

  it('refuses a diff file over 8 MiB: the clients are other machines', async () => {
    const r = await diffPost(Buffer.alloc(9 * 1024 * 1024, 7).toString('base64'), 'AAAA');
    expect(r.status).toBe(413);
    expect(r.body).toMatch(/first snapshot is larger than 8 MiB/);
  });

  it('refuses a request body over 24 MiB before parsing it', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 7).toString('base64');
    const r = await diffPost(big, big);
    expect(r.status).toBe(413);
  });
});

describe('default mode', () => {
  it('binds 127.0.0.1 only', async () => {
    const s = await startServer({ source: new SnapshotSource(testSnapshot(), { kind: 'snapshot' }), port: 0, webRoot: null });
    try {
      expect(s.host).toBe('127.0.0.1');
      expect(s.server.address()).toMatchObject({ address: '127.0.0.1' });
      expect(await canConnect('127.0.0.2', s.port)).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('moves to the next port when the one asked for is taken', async () => {
    const src = new SnapshotSource(testSnapshot(), { kind: 'snapshot' });
    const a = await startServer({ source: src, port: 0, webRoot: null });
    const b = await startServer({ source: src, port: a.port, webRoot: null });
    try {
      expect(b.port).toBeGreaterThan(a.port);
      expect(b.url).toBe(`http://127.0.0.1:${b.port}/`);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
