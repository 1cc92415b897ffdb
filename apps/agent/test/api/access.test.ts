// access.find and access.weak over real HTTP on 127.0.0.1: the answers are core's engine's
// (findAccessible, findWeakSecurity) computed in the agent's snapshot-job worker, the same as the
// page computes in place for a snapshot opened without an agent (the router with no job runner);
// a bad principal, right or regex is a BAD_REQUEST carrying the CLI's sentence; hostile names
// come back as they are.
import { appRouter, createCallerFactory, createContext } from '@objscope/api';
import { decodeSnapshot, encodeSnapshot, findAccessible, findWeakSecurity, parsePrincipal, parseRightsQuery, SnapshotSource, type Snapshot, type SnapshotNode } from '@objscope/core';
import { synthesizeSnapshot } from '@objscope/core/testing';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type Agent } from './helpers';

const HOSTILE = '__proto__<b>x</b>\u0000🙂' + 'n'.repeat(220);

let snap: Snapshot;
let agent: Agent;
let bare: Agent;

/** A snapshot whose \KernelObjects holds an event with a NULL DACL under a hostile name. */
function withWeakObject(s: Snapshot): Snapshot {
  const ko = s.root.children!.find((c) => c.name === 'KernelObjects')!;
  const sibling = ko.children!.find((c) => c.type === 'Event' && c.details?.security?.ok)!;
  const weak: SnapshotNode = {
    name: HOSTILE,
    type: 'Event',
    target: null,
    error: null,
    details: { ...sibling.details!, security: { ok: true, value: { sddl: 'O:BAD:NO_ACCESS_CONTROL', owner: 'S-1-5-32-544', group: null, dacl: null, sacl: null } } },
  };
  ko.children!.push(weak);
  return s;
}

beforeAll(async () => {
  const decoded = decodeSnapshot(encodeSnapshot(withWeakObject(synthesizeSnapshot({ objects: 2_000, seed: 24 }))));
  if (!decoded.ok) throw new Error(decoded.error);
  snap = decoded.snapshot;
  agent = await startAgent({ source: new SnapshotSource(snap) });
  // As `snapshot --no-details` captures it: names and types only.
  const plain = synthesizeSnapshot({ objects: 300, seed: 24 });
  const strip = (n: SnapshotNode): void => {
    delete n.details;
    n.children?.forEach(strip);
  };
  strip(plain.root);
  delete plain.details;
  bare = await startAgent({ source: new SnapshotSource(plain) });
});
afterAll(async () => {
  await agent?.close();
  await bare?.close();
});

function engineFind(principal: string, rights: string, under?: string) {
  const t = parsePrincipal(principal, null);
  const q = parseRightsQuery(rights);
  if (!t.ok || !q.ok) throw new Error('bad test input');
  const r = findAccessible(snap, t.value, q.value, under ? { under } : {});
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('access.find', () => {
  it('lists what the engine finds, each distinct descriptor evaluated once', async () => {
    const want = engineFind('everyone', 'QUERY_STATE');
    const got = await agent.client.access.find.query({ principal: 'everyone', rights: 'QUERY_STATE', limit: 5000 });
    expect(got.hits.map((h) => h.path)).toEqual(want.hits.map((h) => h.path));
    expect(got.hits.map((h) => h.why)).toEqual(want.hits.map((h) => h.rights));
    expect(got.total).toBe(want.hits.length);
    expect(got.scanned).toBe(want.scanned);
    expect(got.evaluations).toBe(want.evaluations);
    expect(got.evaluations).toBeLessThan(10);
    expect(got.evaluations).toBeLessThan(got.scanned - got.unknown);
  });

  it('narrows by name, type and place the way a name search does, and caps at the limit', async () => {
    const all = engineFind('everyone', 'write');
    const weak = all.hits.filter((h) => h.path.endsWith(HOSTILE));
    expect(weak).toHaveLength(1);
    const byName = await agent.client.access.find.query({ principal: 'everyone', rights: 'write', text: '__PROTO__<B>' });
    expect(byName.hits.map((h) => h.name)).toEqual([HOSTILE]);
    const byRegex = await agent.client.access.find.query({ principal: 'everyone', rights: 'write', text: '^__proto__<b>x</b>\u0000', mode: 'regex', caseSensitive: true });
    expect(byRegex.hits.map((h) => h.path)).toEqual([`\\KernelObjects\\${HOSTILE}`]);
    const sections = await agent.client.access.find.query({ principal: 'everyone', rights: 'MAP_READ', types: ['Section'], under: '\\NLS' });
    expect(sections.hits.length).toBeGreaterThan(0);
    expect(sections.hits.every((h) => h.type === 'Section' && h.path.startsWith('\\NLS\\'))).toBe(true);
    const capped = await agent.client.access.find.query({ principal: 'everyone', rights: 'read', limit: 3 });
    expect(capped.hits).toHaveLength(3);
    expect(capped.truncated).toBe(true);
    expect(capped.total).toBe(engineFind('everyone', 'read').hits.length);
  });

  it('answers a malformed SID, an unknown right, an unknown capability and a rejected regex with the CLI\'s sentence', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ principal: 'S-1-5-x', rights: 'write' }, /malformed SID "S-1-5-X"/],
      [{ principal: 'everyone', rights: 'FLY' }, /unknown right "FLY"/],
      [{ principal: 'S-1-1-0@sky', rights: 'write' }, /unknown integrity level "sky"/],
      [{ principal: 'everyone', rights: 'write', text: '(a+)+', mode: 'regex' }, /nested quantifiers/],
      [{ principal: 'everyone', rights: 'write', under: '\\NoSuchPlace' }, /is not in this namespace/],
      [{ principal: '', rights: 'write' }, /name a principal/],
    ];
    for (const [input, message] of cases) {
      const e = await agent.client.access.find.query(input as never).then(
        () => null,
        (x: unknown) => x,
      );
      expect(e, JSON.stringify(input)).toBeInstanceOf(TRPCClientError);
      expect((e as Error).message).toMatch(message);
      expect((e as { data?: { httpStatus?: number } }).data?.httpStatus).toBe(400);
    }
  });

  it('says a principal derived from the current user needs a token the snapshot did not record', async () => {
    await expect(agent.client.access.find.query({ principal: 'low', rights: 'write' })).rejects.toThrow(/no token is known here/);
  });

  it('says a snapshot without recorded descriptors has nothing to evaluate', async () => {
    await expect(bare.client.access.find.query({ principal: 'everyone', rights: 'write' })).rejects.toThrow(/recorded no security descriptors/);
  });
});

describe('access.weak', () => {
  it('lists what the engine judges weak, the hostile name unchanged, with its reasons', async () => {
    const want = findWeakSecurity(snap);
    const got = await agent.client.access.weak.query({ limit: 5000 });
    expect(got.hits.map((h) => [h.path, h.why])).toEqual(want.hits.map((h) => [h.path, h.reasons]));
    const hostile = got.hits.find((h) => h.name === HOSTILE);
    // Unlabelled counts as medium with NO_WRITE_UP: low integrity and AppContainers may not write it even so.
    expect(hostile?.why).toEqual(['NULL DACL', 'write for Everyone', 'write for Authenticated Users']);
    const under = await agent.client.access.weak.query({ under: '\\kernelobjects' });
    expect(under.hits.every((h) => h.path.startsWith('\\KernelObjects\\'))).toBe(true);
    expect(under.hits.map((h) => h.name)).toContain(HOSTILE);
  });
});

describe('without an agent (the page\'s local link)', () => {
  it('answers the same in place, with no worker', async () => {
    const caller = createCallerFactory(appRouter)(createContext({ source: new SnapshotSource(snap) }));
    expect(await caller.access.find({ principal: 'everyone', rights: 'write', limit: 5000 })).toEqual(
      await agent.client.access.find.query({ principal: 'everyone', rights: 'write', limit: 5000 }),
    );
    expect(await caller.access.weak({ limit: 5000 })).toEqual(await agent.client.access.weak.query({ limit: 5000 }));
    await expect(caller.access.find({ principal: 'S-1-5-x', rights: 'write' })).rejects.toThrow(/malformed SID/);
  });
});
