// A 50,000-entry directory is never one response: it is read page by page, and the pages put
// together are exactly the directory, in a stable order.
import { appRouter, LIST_TYPES_MAX } from '@objscope/api';
import { SnapshotSource, type Snapshot, type SnapshotNode } from '@objscope/core';
import { HOSTILE_NAMES, synthesizeSnapshot } from '@objscope/core/testing';
import { TRPCClientError } from '@trpc/client';
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

// The tree's question: "every subdirectory of this directory", in a directory where they are a
// few thousand among 50,000 entries and many sort after the first page in any order.
describe('paging a type-filtered 50,000-entry directory', () => {
  const CROWDED = '\\Crowded';
  const SUBDIRS = 3_000;
  let crowded: SnapshotNode;
  let typed: Agent;
  beforeAll(async () => {
    const s: Snapshot = synthesizeSnapshot({ objects: 500, seed: 3 });
    const children: SnapshotNode[] = [];
    // Leaves named so they sort before, between and after the directories, of types that sort
    // before Directory ('ALPC Port', 'Callback') and after it ('Event').
    const leafTypes = ['ALPC Port', 'Callback', 'Event'];
    for (let i = 0; children.length < 50_000 - SUBDIRS; i++) {
      children.push({ name: `Leaf_${String(i).padStart(6, '0')}`, type: leafTypes[i % 3]!, target: null, error: null });
    }
    for (const n of HOSTILE_NAMES) children.push({ name: n, type: 'Directory', target: null, error: null, children: [] });
    for (let i = 0; children.length < 50_000; i++) {
      children.push({ name: `Sub_${String(i).padStart(5, '0')}`, type: 'Directory', target: null, error: null, children: [] });
    }
    crowded = { name: 'Crowded', type: 'Directory', target: null, error: null, children };
    s.root.children!.push(crowded);
    typed = await startAgent({ source: new SnapshotSource(s, { kind: 'snapshot', label: 'crowded' }) });
  });
  afterAll(() => typed.close());

  const namesOfType = (types: string[]) => crowded.children!.filter((c) => types.includes(c.type)).map((c) => c.name);

  it('counts only the asked types in the total, before paging', async () => {
    const r = await typed.client.namespace.list.query({ path: CROWDED, types: ['Directory'], limit: 10 });
    if (!r.ok) throw new Error(r.message);
    expect(r.total).toBe(SUBDIRS);
    expect(r.entries).toHaveLength(10);
    expect(r.entries.every((e) => e.type === 'Directory')).toBe(true);
    const all = await typed.client.namespace.list.query({ path: CROWDED, limit: 10 });
    expect(all.ok && all.total).toBe(50_000);
  });

  it('pages of 1,000 subdirectories add up to every subdirectory, hostile names included, each once, in name order', async () => {
    const seen: string[] = [];
    let total = Infinity;
    for (let offset = 0; offset < total; offset += 1000) {
      const r = await typed.client.namespace.list.query({ path: CROWDED, types: ['Directory'], offset, limit: 1000 });
      if (!r.ok) throw new Error(r.message);
      expect(r.offset).toBe(offset);
      expect(r.entries.every((e) => e.type === 'Directory')).toBe(true);
      total = r.total;
      seen.push(...r.entries.map((e) => e.name));
    }
    const expected = namesOfType(['Directory']);
    expect(seen).toHaveLength(SUBDIRS);
    expect(new Set(seen).size).toBe(SUBDIRS);
    expect([...seen].sort()).toEqual([...expected].sort());
    for (const n of HOSTILE_NAMES) expect(seen).toContain(n);
    const lower = seen.map((n) => n.toLowerCase());
    expect(lower.every((n, i) => i === 0 || lower[i - 1]! <= n)).toBe(true);
  });

  it('keeps several types, combines with the name filter, and sorts by type within them', async () => {
    const r = await typed.client.namespace.list.query({ path: CROWDED, types: ['Event', 'Directory'], sort: 'type', limit: 5000 });
    if (!r.ok) throw new Error(r.message);
    expect(r.total).toBe(namesOfType(['Event', 'Directory']).length);
    // Directory sorts before Event, so the first page is every subdirectory then events.
    expect(r.entries.slice(0, SUBDIRS).every((e) => e.type === 'Directory')).toBe(true);
    expect(r.entries.slice(SUBDIRS).every((e) => e.type === 'Event')).toBe(true);
    // '_0100' also matches a hundred leaves (Leaf_0100xx); the type filter keeps the ten directories.
    // (Well inside the Sub_ range however many hostile names the fixture adds.)
    const f = await typed.client.namespace.list.query({ path: CROWDED, types: ['Directory'], filter: '_0100', limit: 100 });
    if (!f.ok) throw new Error(f.message);
    expect(f.total).toBe(10);
    expect(f.entries.map((e) => e.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Sub_0100${i}`));
  });

  it("does not let one filter's cached view answer another (same path, same order)", async () => {
    const dirs = await typed.client.namespace.list.query({ path: CROWDED, types: ['Directory'], limit: 5 });
    const events = await typed.client.namespace.list.query({ path: CROWDED, types: ['Event'], limit: 5 });
    const unfiltered = await typed.client.namespace.list.query({ path: CROWDED, limit: 5 });
    const dirsAgain = await typed.client.namespace.list.query({ path: CROWDED, types: ['Directory'], limit: 5 });
    if (!dirs.ok || !events.ok || !unfiltered.ok || !dirsAgain.ok) throw new Error('listing failed');
    expect(dirs.total).toBe(SUBDIRS);
    expect(events.total).toBe(namesOfType(['Event']).length);
    expect(events.entries.every((e) => e.type === 'Event')).toBe(true);
    expect(unfiltered.total).toBe(50_000);
    expect(dirsAgain).toEqual(dirs);
  });

  it.each([
    ['a type no entry has', ['NoSuchType']],
    ['a type name differing only in case', ['directory']],
    ['a hostile type name', ['__proto__', 'constructor', 'nul\u0000inside', '<script>alert(1)</script>']],
  ])('gives an empty, successful listing for %s', async (_why, types) => {
    const r = await typed.client.namespace.list.query({ path: CROWDED, types, limit: 100 });
    expect(r).toEqual({ ok: true, entries: [], total: 0, offset: 0 });
  });

  it('matches hostile type names exactly, as data', async () => {
    // \Hostile holds leaves typed Event and Mutant; a type literally named '__proto__' does not
    // exist there, while 'Mutant' does.
    const r = await typed.client.namespace.list.query({ path: '\\Hostile', types: ['Mutant', '__proto__'], limit: 100 });
    if (!r.ok) throw new Error(r.message);
    expect(r.total).toBeGreaterThan(0);
    expect(r.entries.every((e) => e.type === 'Mutant')).toBe(true);
  });

  it.each([
    ['more than the maximum number of types', Array.from({ length: LIST_TYPES_MAX + 1 }, (_, i) => `T${i}`)],
    ['an empty type name', ['']],
    ['a 257-character type name', ['x'.repeat(257)]],
  ])('refuses %s as BAD_REQUEST', async (_why, types) => {
    const err = await typed.client.namespace.list.query({ path: CROWDED, types }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as TRPCClientError<typeof appRouter>).data?.code).toBe('BAD_REQUEST');
  });

  it('accepts exactly the maximum number of types', async () => {
    const types = ['Directory', ...Array.from({ length: LIST_TYPES_MAX - 1 }, (_, i) => `T${i}`)];
    const r = await typed.client.namespace.list.query({ path: CROWDED, types, limit: 1 });
    expect(r.ok && r.total).toBe(SUBDIRS);
  });
});
