// handles.holders and handles.process over real HTTP on 127.0.0.1, against a SnapshotSource whose
// snapshot carries a recorded `holders` section (snapshot-holders.ts) that went through the codec
// (encode, gzip, decode): both directions, the input limits, hostile names, and null from a
// snapshot that recorded nothing.
import { decodeSnapshot, encodeSnapshot, encodeSnapshotJson, holdersSectionFrom, SnapshotSource, type Snapshot, type SnapshotNode } from '@objscope/core';
import { synthesizeSnapshot } from '@objscope/core/testing';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type Agent } from './helpers';

const HOSTILE = '__proto__<b>x</b>\u0000🙂';

function firstLeaf(s: Snapshot): { path: string; node: SnapshotNode } {
  const stack: [SnapshotNode, string][] = [[s.root, '']];
  while (stack.length) {
    const [n, p] = stack.pop()!;
    for (const c of n.children ?? []) {
      const path = `${p}\\${c.name}`;
      if (!c.children && c.type !== 'SymbolicLink') return { path, node: c };
      if (c.children) stack.push([c, path]);
    }
  }
  throw new Error('no leaf');
}

let agent: Agent;
let bare: Agent;
let target: { path: string; node: SnapshotNode };

beforeAll(async () => {
  const snap = synthesizeSnapshot({ objects: 300, seed: 11 });
  target = firstLeaf(snap);
  snap.holders = holdersSectionFrom(
    [
      {
        pid: 1200,
        image: HOSTILE,
        handles: { ok: true, value: [{ handle: 0x44, type: target.node.type, name: target.path.toUpperCase(), access: 0x1f0001, attributes: 2 }] },
        handlesInTable: 10,
        fileHandlesSkipped: 3,
        scanMs: 1,
      },
      {
        pid: 800,
        image: 'svc.exe',
        handles: {
          ok: true,
          value: [
            { handle: 0x2c, type: target.node.type, name: target.path, access: 0x100000, attributes: 0 },
            { handle: 0x30, type: 'Event', name: '\\BaseNamedObjects\\other', access: 0x1f0003, attributes: 0 },
          ],
        },
        handlesInTable: 5,
        fileHandlesSkipped: 0,
        scanMs: 1,
      },
      { pid: 4, image: 'System', handles: { ok: false, error: { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' } }, handlesInTable: 900, fileHandlesSkipped: 0, scanMs: 0 },
    ],
    '2026-11-28T19:00:00.000Z',
  );
  const decoded = decodeSnapshot(encodeSnapshot(snap));
  if (!decoded.ok) throw new Error(decoded.error);
  agent = await startAgent({ source: new SnapshotSource(decoded.snapshot) });
  const plain = synthesizeSnapshot({ objects: 300, seed: 11 });
  bare = await startAgent({ source: new SnapshotSource(plain) });
});
afterAll(async () => {
  await agent?.close();
  await bare?.close();
});

describe('handles.holders', () => {
  it('answers who held the object, matching names case-insensitively, sorted by pid then handle', async () => {
    const r = await agent.client.handles.holders.query({ path: target.path });
    const v = r?.ok ? r.value : null;
    expect(v?.type).toBe(target.node.type);
    expect(v?.method).toBe('snapshot');
    expect(v?.holders).toEqual([
      { pid: 800, image: 'svc.exe', handle: 0x2c, access: 0x100000, attributes: 0 },
      { pid: 1200, image: HOSTILE, handle: 0x44, access: 0x1f0001, attributes: 2 },
    ]);
    expect(v?.unexamined).toEqual([{ pid: 4, status: 0xc0000022, name: 'System' }]);
  });

  it('says not found for a path the snapshot does not hold', async () => {
    const r = await agent.client.handles.holders.query({ path: `${target.path}-missing` });
    expect(r).toMatchObject({ ok: false, name: 'STATUS_OBJECT_NAME_NOT_FOUND' });
  });

  it('answers null from a snapshot captured without --handles', async () => {
    expect(await bare.client.handles.holders.query({ path: target.path })).toBeNull();
    expect(await bare.client.handles.process.query({ pid: 800 })).toBeNull();
  });

  it('rejects paths the other procedures reject (relative, empty segment, too long)', async () => {
    for (const path of ['relative', '\\a\\\\b', `\\${'x'.repeat(40_000)}`]) {
      await expect(agent.client.handles.holders.query({ path })).rejects.toBeInstanceOf(TRPCClientError);
    }
  });
});

describe('handles.process', () => {
  it('answers what a process held, with its File handles counted', async () => {
    const r = await agent.client.handles.process.query({ pid: 800 });
    expect(r).toMatchObject({ ok: true, value: { pid: 800, image: 'svc.exe', handlesInTable: 5, fileHandlesSkipped: 0 } });
    expect(r!.ok && r!.value.handles).toEqual({
      ok: true,
      value: [
        { handle: 0x2c, type: target.node.type, name: target.path, access: 0x100000, attributes: 0 },
        { handle: 0x30, type: 'Event', name: '\\BaseNamedObjects\\other', access: 0x1f0003, attributes: 0 },
      ],
    });
  });

  it('reports a process that could not be examined with its status, and an unknown pid as STATUS_INVALID_CID', async () => {
    expect(await agent.client.handles.process.query({ pid: 4 })).toMatchObject({ ok: true, value: { handles: { ok: false, error: { status: 0xc0000022 } } } });
    expect(await agent.client.handles.process.query({ pid: 12345 })).toMatchObject({ ok: false, status: 0xc000000b });
  });

  it('rejects pids that are not process ids', async () => {
    for (const pid of [-4, 1.5, 2 ** 32, Number.NaN]) {
      await expect(agent.client.handles.process.query({ pid })).rejects.toBeInstanceOf(TRPCClientError);
    }
  });
});

describe('the snapshot holders section', () => {
  it('is rejected by the loader when malformed, with a clear message and nothing loaded', () => {
    const snap = synthesizeSnapshot({ objects: 50, seed: 3 });
    const doc = JSON.parse(encodeSnapshotJson(snap)) as Record<string, unknown>;
    doc.holders = { capturedAt: 'x', processes: [{ pid: -1 }] };
    const r = decodeSnapshot(new TextEncoder().encode(JSON.stringify(doc)));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/holders/);
  });

  it('is absent from a snapshot that did not record it (the encoding does not change)', () => {
    const snap = synthesizeSnapshot({ objects: 50, seed: 3 });
    expect(Object.keys(JSON.parse(encodeSnapshotJson(snap)) as object)).not.toContain('holders');
  });
});
