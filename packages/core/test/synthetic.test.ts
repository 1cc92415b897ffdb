import { describe, expect, it } from 'vitest';
import { MEMORY_CONDITION_NAMES, type SnapshotNode } from '../src/index';
import { HOSTILE_NAMES, synthesizeSnapshot } from '../testing/index';

function count(n: SnapshotNode): Map<string, number> {
  const m = new Map<string, number>();
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    m.set(x.type, (m.get(x.type) ?? 0) + 1);
    for (const c of x.children ?? []) stack.push(c);
  }
  return m;
}

describe('synthesizeSnapshot', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = synthesizeSnapshot({ objects: 5_000, bigDirectoryEntries: 100, seed: 9 });
    expect(synthesizeSnapshot({ objects: 5_000, bigDirectoryEntries: 100, seed: 9 })).toEqual(a);
    expect(synthesizeSnapshot({ objects: 5_000, bigDirectoryEntries: 100, seed: 10 })).not.toEqual(a);
  });

  it('holds exactly the requested number of objects, the big directory included', () => {
    const s = synthesizeSnapshot({ objects: 200_000, bigDirectoryEntries: 50_000 });
    let n = -1;
    for (const v of count(s.root).values()) n += v;
    expect(n).toBe(200_000);
    expect(s.meta.objectCount).toBe(200_000);
    expect(s.root.children!.find((c) => c.name === 'Big')!.children).toHaveLength(50_000);
  });

  it('has the namespace landmarks a Windows user expects', () => {
    const s = synthesizeSnapshot({ objects: 1_000 });
    const top = s.root.children!.map((c) => c.name);
    for (const d of ['Device', 'Driver', 'KernelObjects', 'GLOBAL??', 'ObjectTypes', 'Sessions', 'BaseNamedObjects', 'RPC Control', 'Hostile']) {
      expect(top).toContain(d);
    }
    expect(top).not.toContain('Big');
    const ko = s.root.children!.find((c) => c.name === 'KernelObjects')!;
    for (const m of MEMORY_CONDITION_NAMES) expect(ko.children!.map((c) => c.name)).toContain(m);
    const hostile = s.root.children!.find((c) => c.name === 'Hostile')!.children!.map((c) => c.name);
    for (const h of HOSTILE_NAMES) expect(hostile).toContain(h);
    const sessionBno = s.root.children!.find((c) => c.name === 'Sessions')!.children!.find((c) => c.name === '1')!.children!.find((c) => c.name === 'BaseNamedObjects')!;
    expect(sessionBno.children!.length).toBeGreaterThan(300);
    expect(sessionBno.children!.some((c) => /^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/.test(c.name))).toBe(true);
  });

  it('never repeats a name within a directory and never uses `\\` in a name', () => {
    const s = synthesizeSnapshot({ objects: 30_000, bigDirectoryEntries: 3_000 });
    const stack = [s.root];
    while (stack.length) {
      const d = stack.pop()!;
      const names = (d.children ?? []).map((c) => c.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names.some((n) => n.includes('\\') || n === '')).toBe(false);
      for (const c of d.children ?? []) if (c.children) stack.push(c);
    }
  });

  it('keeps type statistics consistent with the tree (never fewer objects than are named)', () => {
    const s = synthesizeSnapshot({ objects: 10_000, bigDirectoryEntries: 500 });
    const named = count(s.root);
    for (const [type, n] of named) {
      const stat = s.types.find((t) => t.name === type);
      expect(stat, type).toBeDefined();
      expect(stat!.objects, type).toBeGreaterThanOrEqual(n);
      expect(stat!.peakObjects).toBeGreaterThanOrEqual(stat!.objects);
      expect(stat!.handles).toBeGreaterThanOrEqual(stat!.objects);
    }
  });

  it('has the 11 memory conditions and a small zombie report whose summary adds up', () => {
    const s = synthesizeSnapshot({ objects: 1_000 });
    expect(s.memory.map((m) => m.name)).toEqual([...MEMORY_CONDITION_NAMES]);
    expect(s.memory.every((m) => m.kind === 'dynamic-link' && m.path === `\\KernelObjects\\${m.name}`)).toBe(true);
    const z = s.zombies!;
    expect(z.summary.zombieProcesses).toBe(z.processes.length);
    expect(z.summary.zombieThreads).toBe(z.threads.length);
    expect(z.summary.pidsHeld).toBe(z.processes.length + z.threads.length);
  });
});
