// A snapshot's watch.directory is answered in the HTTP layer from bytes made once per path
// (src/server/fixed-watch.ts). These specs hold it to tRPC's own SSE framing, byte for byte, so
// the page's and scripts' tRPC clients see exactly what the procedure would have sent.
import { request as httpRequest } from 'node:http';
import { FIXED_EVENT_ENTRIES, transformer, type DirectoryChange } from '@objscope/api';
import { SnapshotSource, type DirEntry } from '@objscope/core';
import { synthesizeSnapshot } from '@objscope/core/testing';
import { sseStreamProducer } from '@trpc/server/unstable-core-do-not-import';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputQuery, sameOrigin, startAgent, type Agent } from './helpers';

const snapshot = synthesizeSnapshot({ objects: 6_000, bigDirectoryEntries: 2_500, seed: 7 });
let agent: Agent;
let listings = 0;

/** The raw bytes of a stream until `until` holds or the time is up. */
function rawStream(port: number, path: string, until: (text: string) => boolean, timeoutMs = 10_000): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { ...sameOrigin(port), Accept: 'text/event-stream' }, setHost: false }, (res) => {
      const finish = () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, text });
      };
      const timer = setTimeout(finish, timeoutMs);
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
        if (until(text)) finish();
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** What tRPC's SSE producer sends for these events (no pings), as text. */
async function trpcBytes(events: DirectoryChange[]): Promise<string> {
  async function* data() {
    yield* events;
  }
  const stream = sseStreamProducer({
    data: data(),
    serialize: (v: unknown) => transformer.output.serialize(v),
    client: { reconnectAfterInactivityMs: 12_000 },
  });
  const chunks: Uint8Array[] = [];
  for await (const c of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(c);
  // The producer ends with a `return` event when the iterable ends; a watch never ends.
  return Buffer.concat(chunks).toString('utf8').replace(/event: return\ndata: \n\n\n$/, '');
}

beforeAll(async () => {
  const base = new SnapshotSource(snapshot, { kind: 'share' });
  const source = new Proxy(base, {
    get(t, prop) {
      if (prop === 'list') {
        return (path: string) => {
          listings++;
          return t.list(path);
        };
      }
      const v = Reflect.get(t, prop) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  agent = await startAgent({ source });
});
afterAll(async () => {
  await agent?.close();
});

describe('watch.directory of a snapshot, from prepared bytes', () => {
  it('sends byte for byte what tRPC would: connected, then the listing in events of 1,000', async () => {
    const port = agent.server.port;
    const events = Math.ceil(2_500 / FIXED_EVENT_ENTRIES);
    const r = await rawStream(port, `/trpc/watch.directory?${inputQuery({ path: '\\Big', intervalMs: 250 })}`, (t) => (t.match(/^data: \{"json"/gm) ?? []).length >= events && t.endsWith('\n\n\n'));
    expect(r.status).toBe(200);
    const at = /"at":"([^"]+)"/.exec(r.text)![1]!;
    const listing = (await new SnapshotSource(snapshot).list('\\Big')) as { ok: true; value: DirEntry[] };
    const expected: DirectoryChange[] = [];
    for (let i = 0; i < listing.value.length; i += FIXED_EVENT_ENTRIES) {
      expected.push({ at, added: listing.value.slice(i, i + FIXED_EVENT_ENTRIES), removed: [], changed: [], error: null });
    }
    expect(r.text).toBe(await trpcBytes(expected));
  });

  it('lists a path once for every watcher, and keeps the stream open with pings', async () => {
    const port = agent.server.port;
    const path = `/trpc/watch.directory?${inputQuery({ path: '\\Device', intervalMs: 250 })}`;
    const before = listings;
    const streams = await Promise.all(Array.from({ length: 4 }, () => rawStream(port, path, (t) => t.includes('event: ping'), 8_000)));
    for (const s of streams) {
      expect(s.status).toBe(200);
      expect(s.text).toMatch(/^event: connected\n/);
      expect(s.text).toContain('event: ping\ndata: \n\n\n');
    }
    expect(listings - before).toBeLessThanOrEqual(1);
  });

  it('leaves what it does not serve to tRPC: an unlistable path, invalid input', async () => {
    const port = agent.server.port;
    const missing = await rawStream(port, `/trpc/watch.directory?${inputQuery({ path: '\\Nope', intervalMs: 250 })}`, (t) => t.includes('"error":{'));
    expect(missing.text).toContain('STATUS_OBJECT_NAME_NOT_FOUND');
    const invalid = await rawStream(port, `/trpc/watch.directory?${inputQuery({ path: '\\Big', intervalMs: 2 })}`, (t) => /serialized-error\ndata: .*\n/.test(t));
    expect(invalid.text).toMatch(/event: serialized-error\ndata: .*intervalMs/);
  });
});
