// A 50,000-entry directory is never one response: it is read page by page, and the pages put
// together are exactly the directory, in a stable order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIG, findDir, nodeAt, raw, startAgent, testSnapshot, inputQuery, type Agent } from './helpers';

let agent: Agent;
let big: string;
beforeAll(async () => {
  agent = await startAgent();
  big = findDir(testSnapshot(), (n) => n.children!.length >= BIG);
});
afterAll(() => agent.close());

describe('paging a 50,000-entry directory', () => {
  it('serves at most 500 entries by default and gives the total', async () => {
    const r = await agent.client.namespace.list.query({ path: big });
    if (!r.ok) throw new Error(r.message);
    expect(r.entries).toHaveLength(500);
    expect(r.total).toBe(nodeAt(testSnapshot(), big).children!.length);
  });

  it('pages of 5,000 add up to the whole directory, each name once, in order', async () => {
    const seen: string[] = [];
    let total = Infinity;
    for (let offset = 0; offset < total; offset += 5000) {
      const r = await agent.client.namespace.list.query({ path: big, offset, limit: 5000 });
      if (!r.ok) throw new Error(r.message);
      expect(r.offset).toBe(offset);
      expect(r.entries.length).toBeLessThanOrEqual(5000);
      total = r.total;
      seen.push(...r.entries.map((e) => e.name));
    }
    const expected = nodeAt(testSnapshot(), big).children!.map((c) => c.name);
    expect(seen).toHaveLength(expected.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...expected].sort());
    const lower = seen.map((s) => s.toLowerCase());
    expect(lower.every((s, i) => i === 0 || lower[i - 1]! <= s)).toBe(true);
  });

  it('returns an empty page past the end, with the total', async () => {
    const r = await agent.client.namespace.list.query({ path: big, offset: 10_000_000, limit: 10 });
    if (!r.ok) throw new Error(r.message);
    expect(r.entries).toEqual([]);
    expect(r.total).toBeGreaterThanOrEqual(BIG);
  });

  it('keeps one HTTP response for a default page under 200 KB', async () => {
    const res = await raw(agent.server.port, {
      path: `/trpc/namespace.list?${inputQuery({ path: big })}`,
      headers: { Host: `127.0.0.1:${agent.server.port}` },
    });
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(res.body)).toBeLessThan(200_000);
  });
});
