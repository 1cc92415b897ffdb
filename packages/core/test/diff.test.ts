import { describe, expect, it } from 'vitest';
import { type Snapshot, type SnapshotNode, diffSnapshots } from '../src/index';
import { synthesizeSnapshot } from '../testing/index';

const base = synthesizeSnapshot({ objects: 2_000, seed: 5 });

function at(s: Snapshot, ...names: string[]): SnapshotNode {
  let n = s.root;
  for (const name of names) n = n.children!.find((c) => c.name === name)!;
  return n;
}

/** base with: one event added, one removed, a link retargeted, a type changed, a subtree added. */
function edited(): Snapshot {
  const s = structuredClone(base);
  at(s, 'Hostile').children!.push({ name: 'NewEvent', type: 'Event', target: null, error: null });
  const hostile = at(s, 'Hostile');
  hostile.children = hostile.children!.filter((c) => c.name !== 'constructor');
  at(s, 'GLOBAL??', 'C:').target = '\\Device\\HarddiskVolume4';
  at(s, 'Hostile', '__proto__').type = 'Semaphore';
  s.root.children!.push({
    name: 'Added', type: 'Directory', target: null, error: null,
    children: [{ name: 'Inner', type: 'Event', target: null, error: null }, { name: 'L', type: 'SymbolicLink', target: '\\Added', error: null }],
  });
  return s;
}

describe('diffSnapshots', () => {
  it('finds nothing between a snapshot and its copy', () => {
    expect(diffSnapshots(base, structuredClone(base))).toEqual({ added: 0, removed: 0, changed: 0, entries: [], truncated: false });
  });

  it('calls an object changed exactly as the live watch does (core entryChanged): dynamic, resolvesTo and error count', () => {
    const s = structuredClone(base);
    at(s, 'GLOBAL??', 'C:').dynamic = true;
    at(s, 'Hostile', '__proto__').resolvesTo = 'Event';
    at(s, 'Hostile', 'constructor').error = { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' };
    const d = diffSnapshots(base, s);
    expect(d.entries.map((e) => `${e.change} ${e.path}`).sort()).toEqual([
      'changed \\GLOBAL??\\C:', 'changed \\Hostile\\__proto__', 'changed \\Hostile\\constructor',
    ]);
  });

  it('reports added, removed and changed (type or target) objects by full path', () => {
    const d = diffSnapshots(base, edited());
    expect({ added: d.added, removed: d.removed, changed: d.changed, truncated: d.truncated }).toEqual({ added: 4, removed: 1, changed: 2, truncated: false });
    const byPath = new Map(d.entries.map((e) => [e.path, e]));
    expect(byPath.get('\\Hostile\\NewEvent')).toEqual({ path: '\\Hostile\\NewEvent', change: 'added', before: null, after: { type: 'Event', target: null } });
    expect(byPath.get('\\Hostile\\constructor')).toEqual({ path: '\\Hostile\\constructor', change: 'removed', before: { type: 'Mutant', target: null }, after: null });
    expect(byPath.get('\\GLOBAL??\\C:')).toEqual({
      path: '\\GLOBAL??\\C:', change: 'changed',
      before: { type: 'SymbolicLink', target: '\\Device\\HarddiskVolume3' }, after: { type: 'SymbolicLink', target: '\\Device\\HarddiskVolume4' },
    });
    expect(byPath.get('\\Hostile\\__proto__')?.change).toBe('changed');
    expect(byPath.get('\\Added')?.change).toBe('added');
    expect(byPath.get('\\Added\\Inner')?.change).toBe('added');
    expect(byPath.get('\\Added\\L')?.after).toEqual({ type: 'SymbolicLink', target: '\\Added' });
  });

  it('is symmetric: swapping the sides swaps added and removed', () => {
    const d = diffSnapshots(edited(), base);
    expect({ added: d.added, removed: d.removed, changed: d.changed }).toEqual({ added: 1, removed: 4, changed: 2 });
  });

  it('filters by `under`, including the object itself', () => {
    const d = diffSnapshots(base, edited(), { under: '\\Hostile' });
    expect(d.entries.map((e) => `${e.change} ${e.path}`).sort()).toEqual([
      'added \\Hostile\\NewEvent', 'changed \\Hostile\\__proto__', 'removed \\Hostile\\constructor',
    ]);
    const sub = diffSnapshots(base, edited(), { under: '\\Added' });
    expect(sub).toMatchObject({ added: 3, removed: 0, changed: 0 });
    expect(diffSnapshots(base, edited(), { under: '\\Nowhere' })).toEqual({ added: 0, removed: 0, changed: 0, entries: [], truncated: false });
  });

  it('filters by type, matching the type before or after', () => {
    const d = diffSnapshots(base, edited(), { types: ['Semaphore'] });
    expect(d.entries.map((e) => e.path)).toEqual(['\\Hostile\\__proto__']);
    const links = diffSnapshots(base, edited(), { types: ['SymbolicLink'] });
    expect(links.entries.map((e) => e.path).sort()).toEqual(['\\Added\\L', '\\GLOBAL??\\C:']);
  });

  it('caps entries at `limit` while the counts stay exact', () => {
    const big = structuredClone(base);
    big.root.children!.push({
      name: 'Many', type: 'Directory', target: null, error: null,
      children: Array.from({ length: 500 }, (_, i) => ({ name: `e${i}`, type: 'Event', target: null, error: null })),
    });
    const d = diffSnapshots(base, big, { limit: 10 });
    expect(d.added).toBe(501);
    expect(d.entries).toHaveLength(10);
    expect(d.truncated).toBe(true);
    expect(diffSnapshots(base, big, { limit: 0 })).toMatchObject({ added: 501, entries: [], truncated: true });
  });

  it('matches hostile names exactly (no case folding, no prototype lookups)', () => {
    const a = structuredClone(base);
    const b = structuredClone(base);
    at(a, 'Hostile').children!.push({ name: 'hasOwnProperty2', type: 'Event', target: null, error: null });
    at(b, 'Hostile').children!.push({ name: 'HASOWNPROPERTY2', type: 'Event', target: null, error: null });
    const d = diffSnapshots(a, b);
    expect(d.entries.map((e) => `${e.change} ${e.path}`)).toEqual(['removed \\Hostile\\hasOwnProperty2', 'added \\Hostile\\HASOWNPROPERTY2']);
  });
});
