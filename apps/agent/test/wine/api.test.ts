// The agent running under Windows Node in Wine, serving the live namespace over HTTP to Linux:
// objects the Wine test helper creates appear through the API exactly (hostile names
// included); the watch subscription reports a created object and a deleted one within two
// intervals; and live -> `objscope snapshot -o` -> SnapshotSource gives the same listing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DirectoryChange, ListResult } from '@objscope/api';
import { decodeSnapshot, SnapshotSource, type DirEntry, type SourceInfo } from '@objscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputQuery, sse } from '../api/helpers';
import { BUNDLE, startWineAgent, type WineAgent } from '../api/wine-agent';
import { HOSTILE_NAMES, startObjHelper, type ObjHelper } from '../../../../tools/testing/objhelper';
import { harness, prepareWine } from './support/wine';

const INTERVAL = 1000;

let helper: ObjHelper;
let agent: WineAgent;

const query = <T,>(proc: string, input: unknown) => agent.query<T>(proc, input);

async function listAll(path: string): Promise<DirEntry[]> {
  const out: DirEntry[] = [];
  for (let offset = 0; ; offset += 5000) {
    const r = await query<ListResult>('namespace.list', { path, offset, limit: 5000, fresh: true });
    if (!r.ok) throw new Error(`${path}: ${r.name}`);
    out.push(...r.entries);
    if (out.length >= r.total) return out;
  }
}

const shape = (e: DirEntry) => ({ name: e.name, type: e.type, target: e.target, error: e.error?.name ?? null });
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

beforeAll(async () => {
  await prepareWine();
  helper = await startObjHelper({ label: 'api', big: 300 });
  agent = await startWineAgent();
});
afterAll(async () => {
  await agent?.stop();
  await helper?.stop();
});

describe('the agent under Wine, live', () => {
  it('says it is the live Wine namespace', async () => {
    const info = await query<SourceInfo>('source.info', undefined);
    expect(info.kind).toBe('wine');
    expect(info.capturedAt).toBeNull();
  });

  it('lists exactly what the helper created under its root, hostile names included', async () => {
    const entries = await listAll(helper.root);
    const expected = helper.manifest.objects
      .filter((o) => o.path.slice(helper.root.length + 1).indexOf('\\') === -1)
      .map((o) => o.name)
      .sort();
    expect(entries.map((e) => e.name).sort()).toEqual(expected);
    const names = new Set(entries.map((e) => e.name));
    for (const h of HOSTILE_NAMES) expect(names.has(h), JSON.stringify(h)).toBe(true);
  });

  it('pages the big directory and gives the link target of the helper’s link', async () => {
    const big = await listAll(helper.manifest.big.path);
    expect(big).toHaveLength(helper.manifest.big.count);
    const chain = await query<{ hops: { path: string; target: string | null }[] }>('namespace.resolveLink', {
      path: helper.manifest.links.toObject,
    });
    const link = helper.manifest.objects.find((o) => o.path === helper.manifest.links.toObject)!;
    expect(chain.hops[0]?.target).toBe(link.target);
  });

  it('watch.directory reports a created object and then its deletion, as the next two events', async () => {
    const name = `watched \u0000 <b>${process.pid}</b>`;
    const path = `${helper.root}\\${name}`;
    // Order, not time: each change is made only after the previous event arrived, and the
    // events must be exactly listing, addition, removal (how soon is for the bench).
    const replies: Promise<string>[] = [];
    const r = await sse(
      agent.port,
      `/trpc/watch.directory?${inputQuery({ path: helper.root, intervalMs: INTERVAL })}`,
      { Host: `127.0.0.1:${agent.port}` },
      (events) => {
        const messages = events.filter((e) => e.event === 'message').map((e) => e.data as DirectoryChange);
        // Called on every event (pings too): act once per message count.
        if (messages.length === 1 && replies.length === 0) replies.push(helper.create('Event', path));
        else if (messages.length === 2 && replies.length === 1) replies.push(helper.remove(path));
        return messages.length === 3;
      },
      60_000,
    );
    expect(r.status).toBe(200);
    expect(await Promise.all(replies)).toEqual(['ok', 'ok']);
    const messages = r.events.filter((e) => e.event === 'message').map((e) => e.data as DirectoryChange);
    expect(messages, 'the listing, the addition and the removal').toHaveLength(3);
    const [listing, added, removed] = messages;
    expect(listing!.added.some((e) => e.name === name)).toBe(false);
    expect([added!.added.map((e) => e.name), added!.removed, added!.changed]).toEqual([[name], [], []]);
    expect([removed!.added, removed!.removed.map((e) => e.name), removed!.changed]).toEqual([[], [name], []]);
  });
});

describe('round trip: live (Wine) -> objscope snapshot -o -> SnapshotSource', () => {
  it('lists the helper’s root and its big directory the same as live, hostile names included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'objscope-roundtrip-'));
    try {
      const file = join(dir, 'live.objscope.gz');
      const r = await harness.runNode([harness.toWindowsPath(BUNDLE), 'snapshot', '-o', harness.toWindowsPath(file)], { timeoutMs: 170_000 });
      expect(r.code, r.stderr).toBe(0);
      const d = decodeSnapshot(readFileSync(file));
      if (!d.ok) throw new Error(d.error);
      const snap = new SnapshotSource(d.snapshot, { kind: 'snapshot' });
      for (const path of [helper.root, helper.manifest.big.path]) {
        const live = (await listAll(path)).map(shape).sort(byName);
        const fromFile = await snap.list(path);
        if (!fromFile.ok) throw new Error(`${path} missing from the snapshot: ${fromFile.name}`);
        const stored = fromFile.value.map(shape).sort(byName);
        // A full walk also tries to list every subdirectory, so the snapshot records on a
        // directory entry why its listing failed (the helper's access-denied directory), which
        // a live listing of the parent cannot know yet. That error must be exactly what listing
        // the directory live gives; everything else must be identical.
        const directErrors: { stored: unknown; live: unknown }[] = [];
        for (const [i, e] of stored.entries()) {
          const l = live[i];
          if (l && e.type === 'Directory' && e.error && !l.error) {
            const direct = await query<ListResult>('namespace.list', { path: `${path}\\${e.name}`, fresh: true });
            directErrors.push({ stored: e.error, live: direct.ok ? null : direct.name });
            stored[i] = { ...e, error: null };
          }
        }
        expect(directErrors.map((d) => d.live)).toEqual(directErrors.map((d) => d.stored));
        expect(stored).toEqual(live);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
