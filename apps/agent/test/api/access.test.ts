// access.find and access.weak over real HTTP on 127.0.0.1: the answers are core's engine's
// (findAccessible, findWeakSecurity) computed in the agent's snapshot-job worker, the same as the
// page computes in place for a snapshot opened without an agent (the router with no job runner);
// a bad principal, right or regex is a BAD_REQUEST carrying the CLI's sentence; hostile names
// come back as they are. access.token hands the page the token `current` means, so Properties
// answers for `current` and its kin exactly as `objscope access PATH --as current --json` does.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appRouter, createCallerFactory, createContext } from '@objscope/api';
import { accessCheck, decodeSnapshot, describeAccess, encodeSnapshot, findAccessible, findWeakSecurity, parsePrincipal, parseRightsQuery, SnapshotSource, type Snapshot, type SnapshotNode } from '@objscope/core';
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

const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');
const BUNDLE = join(ROOT, 'apps', 'agent', 'dist', 'objscope.mjs');
const SAMPLE = join(ROOT, 'apps', 'agent', 'assets', 'sample.objscope.gz');
const DERIVED = ['current', 'low', 'restricted', 'appcontainer:internetClient'];

describe('access.token (what Properties evaluates `current` with)', () => {
  let sample: Snapshot;
  let sampleAgent: Agent;
  beforeAll(async () => {
    const decoded = decodeSnapshot(new Uint8Array(readFileSync(SAMPLE)));
    if (!decoded.ok) throw new Error(decoded.error);
    sample = decoded.snapshot;
    sampleAgent = await startAgent({ source: new SnapshotSource(sample) });
  });
  afterAll(async () => {
    await sampleAgent?.close();
  });

  it('is the token the snapshot recorded, and null where it recorded none', async () => {
    // The bundled sample records its capturing token; the synthetic snapshots (an old format's
    // stand-in) do not.
    expect(sample.meta.token).toBeTruthy();
    expect(await sampleAgent.client.access.token.query()).toEqual(sample.meta.token);
    expect(await agent.client.access.token.query()).toBeNull();
    expect(await createCallerFactory(appRouter)(createContext({ source: new SnapshotSource(sample) })).access.token()).toEqual(sample.meta.token);
  });

  it('gives the page the same answer for current, low, restricted and appcontainer as `objscope access --json`', async () => {
    const path = '\\KernelObjects\\LowMemoryCondition';
    const token = await sampleAgent.client.access.token.query();
    const d = await sampleAgent.client.namespace.details.query({ path });
    if (!d.ok || !d.value.security.ok || !d.value.typeInfo.ok) throw new Error(`the sample has no descriptor for ${path}`);
    const { security, typeInfo, type } = d.value;
    // What AccessSection computes from the two answers above.
    const page = DERIVED.map((text) => {
      const p = parsePrincipal(text, token);
      if (!p.ok) throw new Error(p.message);
      return describeAccess(accessCheck(security.value, typeInfo.value.genericMapping, p.value), p.value, type);
    });
    const cli = spawnSync(process.execPath, [BUNDLE, 'access', path, ...DERIVED.flatMap((p) => ['--as', p]), '--snapshot', SAMPLE, '--json'], { encoding: 'utf8' });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    const want = JSON.parse(cli.stdout) as { principals: unknown[] };
    expect(page).toEqual(want.principals);
    // Not vacuous: the derived principals differ from one another on this object.
    expect(new Set(page.map((p) => JSON.stringify(p.decidedBy))).size).toBeGreaterThan(1);
  });
});
