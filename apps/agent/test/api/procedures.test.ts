// Every procedure of the contract, over real HTTP on 127.0.0.1, against a SnapshotSource of
// core's synthetic namespace. Expected values come from the snapshot document itself.
import { appRouter } from '@objscope/api';
import { decodeSnapshot, encodeSnapshot, MEMORY_CONDITION_NAMES, type DirEntry } from '@objscope/core';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDir, nodeAt, startAgent, testSnapshot, type Agent } from './helpers';

let agent: Agent;
beforeAll(async () => {
  agent = await startAgent();
});
afterAll(() => agent.close());

function names(entries: DirEntry[]): string[] {
  return entries.map((e) => e.name);
}

describe('source.info', () => {
  it('describes the snapshot as a read-only snapshot source', async () => {
    const info = await agent.client.source.info.query();
    expect(info.kind).toBe('snapshot');
    expect(info.readOnly).toBe(true);
    expect(info.capturedAt).toBe(testSnapshot().meta.capturedAt);
  });
});

describe('namespace.list', () => {
  it('lists the root with exactly the snapshot root children', async () => {
    const r = await agent.client.namespace.list.query({ path: '\\' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const expected = testSnapshot().root.children!.map((c) => c.name).sort();
    expect(names(r.entries).sort()).toEqual(expected);
    expect(r.total).toBe(expected.length);
    expect(r.offset).toBe(0);
  });

  it('returns hostile names exactly, NUL, __proto__ and markup included', async () => {
    const dir = findDir(testSnapshot(), (n) => n.children!.some((c) => c.name === '__proto__'));
    const r = await agent.client.namespace.list.query({ path: dir, limit: 5000 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const expected = nodeAt(testSnapshot(), dir).children!.map((c) => c.name).sort();
    expect(names(r.entries).sort()).toEqual(expected);
    expect(expected.some((n) => n.includes('\u0000'))).toBe(true);
    expect(expected.some((n) => n.includes('<'))).toBe(true);
  });

  it('reports a missing directory as ok:false with the NT status name, not as an error', async () => {
    const r = await agent.client.namespace.list.query({ path: '\\No such directory here' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.name).toMatch(/^STATUS_/);
    expect(r.status).toBeGreaterThan(0x80000000);
  });

  it('sorts by type, then by name, and reverses with desc', async () => {
    const asc = await agent.client.namespace.list.query({ path: '\\', sort: 'type', limit: 5000 });
    const desc = await agent.client.namespace.list.query({ path: '\\', sort: 'type', desc: true, limit: 5000 });
    if (!asc.ok || !desc.ok) throw new Error('listing failed');
    const types = asc.entries.map((e) => e.type.toLowerCase());
    expect(types).toEqual([...types].sort());
    expect(names(desc.entries)).toEqual(names(asc.entries).reverse());
  });

  it('filters by case-insensitive substring on the name', async () => {
    const all = await agent.client.namespace.list.query({ path: '\\', limit: 5000 });
    if (!all.ok) throw new Error('listing failed');
    const first = all.entries[0]!.name;
    const needle = first.slice(0, 3).toUpperCase();
    const r = await agent.client.namespace.list.query({ path: '\\', filter: needle, limit: 5000 });
    if (!r.ok) throw new Error('listing failed');
    const expected = all.entries.filter((e) => e.name.toLowerCase().includes(needle.toLowerCase())).map((e) => e.name);
    expect(names(r.entries)).toEqual(expected);
    expect(r.total).toBe(expected.length);
  });

  it.each([
    ['no leading backslash', 'Device'],
    ['an empty segment', '\\Device\\\\Null'],
    ['a trailing backslash', '\\Device\\'],
    ['over 32,767 characters', `\\${'a'.repeat(32_767)}`],
  ])('refuses a path with %s as BAD_REQUEST', async (_why, path) => {
    const err = await agent.client.namespace.list.query({ path }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as TRPCClientError<typeof appRouter>).data?.code).toBe('BAD_REQUEST');
  });

  it('refuses a page larger than 5,000 entries', async () => {
    const err = await agent.client.namespace.list.query({ path: '\\', limit: 5001 }).catch((e: unknown) => e);
    expect((err as TRPCClientError<typeof appRouter>).data?.code).toBe('BAD_REQUEST');
  });
});

describe('namespace.details and namespace.resolveLink', () => {
  it('gives the details of a symbolic link with its target', async () => {
    const dir = findDir(testSnapshot(), (n) => n.children!.some((c) => c.type === 'SymbolicLink' && c.target));
    const link = nodeAt(testSnapshot(), dir).children!.find((c) => c.type === 'SymbolicLink' && c.target)!;
    const path = `${dir}\\${link.name}`;
    const d = await agent.client.namespace.details.query({ path });
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value.type).toBe('SymbolicLink');
    expect(d.value.link?.target).toBe(link.target);
    const chain = await agent.client.namespace.resolveLink.query({ path });
    expect(chain.hops[0]?.path).toBe(path);
    expect(chain.hops[0]?.target).toBe(link.target);
  });

  it('reports details of a missing object as ok:false', async () => {
    const d = await agent.client.namespace.details.query({ path: '\\Nothing\\here' });
    expect(d.ok).toBe(false);
  });
});

describe('namespace.complete', () => {
  it('completes the last component case-insensitively, at most 50 suggestions', async () => {
    const all = await agent.client.namespace.list.query({ path: '\\', limit: 5000 });
    if (!all.ok) throw new Error('listing failed');
    const target = all.entries.find((e) => e.type === 'Directory')!;
    const partial = `\\${target.name.slice(0, 2).toLowerCase()}`;
    const r = await agent.client.namespace.complete.query({ path: partial });
    expect(r.suggestions.length).toBeLessThanOrEqual(50);
    expect(r.suggestions.map((s) => s.name)).toContain(target.name);
    for (const s of r.suggestions) {
      expect(s.name.toLowerCase().startsWith(target.name.slice(0, 2).toLowerCase())).toBe(true);
      expect(s.path).toBe(`\\${s.name}`);
    }
  });

  it('lists a directory’s children for a trailing backslash', async () => {
    const big = findDir(testSnapshot(), (n) => n.children!.length >= 1000);
    const r = await agent.client.namespace.complete.query({ path: `${big}\\` });
    expect(r.suggestions).toHaveLength(50);
    expect(r.suggestions[0]!.path.startsWith(`${big}\\`)).toBe(true);
  });
});

describe('namespace.search', () => {
  it('finds by substring with a type filter, caps the hits and counts every match', async () => {
    // The expected count comes from walking the document: every node of the most common leaf
    // type whose name holds an `e` in any case.
    const counts = new Map<string, number>();
    const stack = [testSnapshot().root];
    const all: { name: string; type: string }[] = [];
    while (stack.length) {
      const n = stack.pop()!;
      for (const c of n.children ?? []) {
        all.push(c);
        counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
        if (c.children) stack.push(c);
      }
    }
    const type = [...counts].filter(([t]) => t !== 'Directory').sort((a, b) => b[1] - a[1])[0]![0];
    const expected = all.filter((c) => c.type === type && c.name.toLowerCase().includes('e')).length;
    expect(expected).toBeGreaterThan(10);
    const r = await agent.client.namespace.search.query({ text: 'E', mode: 'substring', types: [type], limit: 10 });
    expect(r.hits).toHaveLength(10);
    expect(r.hits.every((h) => h.type === type && h.name.toLowerCase().includes('e'))).toBe(true);
    expect(r.total).toBe(expected);
    expect(r.truncated).toBe(true);
  });

  it('finds hostile names by exact name', async () => {
    const r = await agent.client.namespace.search.query({ text: '__proto__', mode: 'exact', limit: 50 });
    expect(r.hits.map((h) => h.name)).toContain('__proto__');
  });

  it('runs a simple regex', async () => {
    const r = await agent.client.namespace.search.query({ text: '^Low.*Condition$', mode: 'regex', limit: 50 });
    expect(r.hits.map((h) => h.name)).toEqual(expect.arrayContaining(['LowMemoryCondition', 'LowPagedPoolCondition']));
  });

  it.each([
    ['nested quantifiers', '(a+)+$'],
    ['alternation under a quantifier', '(a|aa)*b'],
    ['a backreference', '(a)\\1'],
    ['an invalid pattern', '(unclosed'],
    ['over 256 characters', 'a'.repeat(257)],
  ])('refuses a regex with %s before running it', async (_why, text) => {
    const err = await agent.client.namespace.search.query({ text, mode: 'regex', limit: 10 }).catch((e: unknown) => e);
    expect((err as TRPCClientError<typeof appRouter>).data?.code).toBe('BAD_REQUEST');
  });

  it('refuses a result cap over 5,000', async () => {
    const err = await agent.client.namespace.search.query({ text: 'a', mode: 'substring', limit: 5001 }).catch((e: unknown) => e);
    expect((err as TRPCClientError<typeof appRouter>).data?.code).toBe('BAD_REQUEST');
  });
});

describe('types, memory, zombies', () => {
  it('returns the type statistics of the snapshot', async () => {
    const stats = await agent.client.types.stats.query();
    expect(stats.map((s) => s.name).sort()).toEqual(testSnapshot().types.map((s) => s.name).sort());
  });

  it('returns the 11 memory conditions', async () => {
    const m = await agent.client.memory.conditions.query();
    expect(m.map((c) => c.name).sort()).toEqual([...MEMORY_CONDITION_NAMES].sort());
  });

  it('returns the zombie report of the snapshot', async () => {
    const z = await agent.client.zombies.scan.query();
    expect(z?.processes.map((p) => p.pid)).toEqual(testSnapshot().zombies?.processes.map((p) => p.pid));
  });
});

describe('snapshot.export and snapshot.diff', () => {
  it('exports a snapshot file that decodes to the same namespace', async () => {
    const r = await agent.client.snapshot.export.query();
    expect(r.fileName).toMatch(/^objscope-[A-Za-z0-9._-]+-\d{8}-\d{6}\.objscope\.gz$/);
    const d = decodeSnapshot(new Uint8Array(Buffer.from(r.base64, 'base64')));
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.snapshot.meta.objectCount).toBe(testSnapshot().meta.objectCount);
    expect(d.snapshot.root.children!.map((c) => c.name)).toEqual(testSnapshot().root.children!.map((c) => c.name));
  });

  it('diffs two snapshot files: added, removed and a changed link target', async () => {
    const a = testSnapshot();
    const b = structuredClone(a);
    const dir = findDir(b, (n) => n.children!.some((c) => c.type === 'SymbolicLink' && c.target));
    const parent = nodeAt(b, dir);
    const link = parent.children!.find((c) => c.type === 'SymbolicLink' && c.target)!;
    link.target = '\\Device\\Changed';
    const removed = parent.children!.find((c) => c !== link && !c.children)!;
    parent.children = parent.children!.filter((c) => c !== removed);
    parent.children.push({ name: 'added <b>x</b>', type: 'Event', target: null, error: null });
    const enc = (s: typeof a) => Buffer.from(encodeSnapshot(s)).toString('base64');
    const diff = await agent.client.snapshot.diff.query({ a: enc(a), b: enc(b) });
    expect({ added: diff.added, removed: diff.removed, changed: diff.changed }).toEqual({ added: 1, removed: 1, changed: 1 });
    const byChange = new Map(diff.entries.map((e) => [e.change, e]));
    expect(byChange.get('added')?.path).toBe(`${dir}\\added <b>x</b>`);
    expect(byChange.get('removed')?.path).toBe(`${dir}\\${removed.name}`);
    expect(byChange.get('changed')?.after?.target).toBe('\\Device\\Changed');
  });

  it('rejects a file that is not a snapshot with BAD_REQUEST and the loader message', async () => {
    const good = Buffer.from(encodeSnapshot(testSnapshot())).toString('base64');
    const bad = Buffer.from('this is not a snapshot').toString('base64');
    const err = await agent.client.snapshot.diff.query({ a: good, b: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as TRPCClientError<typeof appRouter>).data?.code).toBe('BAD_REQUEST');
    expect((err as Error).message).toMatch(/^second snapshot: snapshot rejected/);
  });
});

describe('the router', () => {
  it('has no mutation anywhere: the API is read-only by construction', () => {
    const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>);
    expect(procedures.map(([name]) => name).sort()).toEqual(
      [
        'source.info',
        'namespace.list',
        'namespace.details',
        'namespace.resolveLink',
        'namespace.complete',
        'namespace.search',
        'types.stats',
        'memory.conditions',
        'memory.watch',
        'zombies.scan',
        'zombies.watch',
        'handles.holders',
        'handles.process',
        'snapshot.export',
        'snapshot.diff',
        'watch.directory',
        // The Fleet view's named questions: no procedure takes SQL text.
        'fleet.info',
        'fleet.find',
        'fleet.history',
        'fleet.drift',
        'fleet.zombies',
        'fleet.snapshot',
        // Who can open this: Find's filter and weak view, and the token Properties evaluates with.
        'access.find',
        'access.weak',
        'access.token',
      ].sort(),
    );
    const kinds = new Map(procedures.map(([name, p]) => [name, p._def.type]));
    expect([...kinds].filter(([, type]) => type === 'mutation')).toEqual([]);
  });
});
