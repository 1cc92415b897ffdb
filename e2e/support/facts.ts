// Expectations derived from the very snapshot file the agent serves, so the tests check what
// the UI shows against the data rather than against numbers copied into the test.
import type { Snapshot, SnapshotNode } from '@objscope/core';

export interface DirFact {
  path: string;
  /** Child names in the order the snapshot stores them (exact, hostile ones included). */
  names: string[];
  /** A child directory to descend into, when there is one. */
  subdir: string | null;
  /** A child that is not a directory, with a plain name (find, selection), when there is one. */
  leaf: string | null;
}

export interface LinkFact {
  path: string;
  name: string;
  parent: string;
  target: string;
  /** The target is a directory of the snapshot, so "go to target" lands inside it. */
  targetIsDirectory: boolean;
}

export interface SnapshotFacts {
  objectCount: number;
  rootNames: string[];
  /** A directory below the root with a handful of children (navigation, deep links). */
  dir: DirFact;
  link: LinkFact | null;
  /** The directory with the most entries (paging, virtualization). */
  biggest: { path: string; count: number };
  hostile: DirFact | null;
  types: { name: string; objects: number }[];
  memory: { name: string; kind: string; signaled: boolean | null }[];
  zombies: { processes: number; threads: number } | null;
  /** Objects whose name contains a GUID (the GUID tour's query). */
  guidNamed: number;
}

export function joinPath(dir: string, name: string): string {
  return dir === '\\' ? `\\${name}` : `${dir}\\${name}`;
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export function factsOf(s: Snapshot): SnapshotFacts {
  const dirs = new Map<string, SnapshotNode>();
  const all: { path: string; parent: string; node: SnapshotNode }[] = [];
  const stack: { path: string; node: SnapshotNode }[] = [{ path: '\\', node: s.root }];
  while (stack.length) {
    const { path, node } = stack.pop()!;
    dirs.set(path, node);
    for (const c of node.children ?? []) {
      const p = joinPath(path, c.name);
      all.push({ path: p, parent: path, node: c });
      if (c.children) stack.push({ path: p, node: c });
    }
  }
  const dirFact = (path: string): DirFact => {
    const n = dirs.get(path)!;
    const sub = (n.children ?? []).find((c) => c.children && c.children.length > 0 && isPlain(c.name));
    const leaf = (n.children ?? []).find((c) => !c.children && /^[A-Za-z0-9_.-]{3,}$/.test(c.name));
    return {
      path,
      names: (n.children ?? []).map((c) => c.name),
      subdir: sub ? joinPath(path, sub.name) : null,
      leaf: leaf ? leaf.name : null,
    };
  };
  // A directory the user would browse: plain name, a few children, and a non-empty subdirectory.
  const candidates = [...dirs.keys()].filter((p) => p !== '\\' && isPlain(p));
  const browsable =
    candidates.find((p) => {
      const n = dirs.get(p)!.children ?? [];
      return (
        n.length >= 3 &&
        n.length <= 200 &&
        n.some((c) => c.children && c.children.length > 0 && isPlain(c.name)) &&
        n.some((c) => !c.children && /^[A-Za-z0-9_.-]{3,}$/.test(c.name))
      );
    }) ??
    candidates.find((p) => (dirs.get(p)!.children ?? []).length > 0) ??
    '\\';

  const links = all.filter((o) => o.node.type === 'SymbolicLink' && o.node.target && isPlain(o.path));
  const exists = (p: string) => dirs.has(p) || all.some((o) => o.path === p);
  const link =
    links.find((o) => dirs.has(o.node.target!)) ?? links.find((o) => exists(o.node.target!)) ?? links[0] ?? null;

  // The synthetic namespace's \Big (bigDirectoryEntries) when present, else the largest directory.
  let biggest = { path: '\\', count: 0 };
  for (const [p, n] of dirs) if ((n.children?.length ?? 0) > biggest.count) biggest = { path: p, count: n.children!.length };
  const big = dirs.get('\\Big');
  if (big?.children?.length) biggest = { path: '\\Big', count: big.children.length };

  const hostilePath = [...dirs.keys()].find((p) => /\\Hostile$/i.test(p)) ?? null;

  return {
    objectCount: all.length,
    rootNames: (s.root.children ?? []).map((c) => c.name),
    dir: dirFact(browsable),
    link: link && {
      path: link.path,
      name: link.node.name,
      parent: link.parent,
      target: link.node.target!,
      targetIsDirectory: dirs.has(link.node.target!),
    },
    biggest,
    hostile: hostilePath ? dirFact(hostilePath) : null,
    types: s.types.map((t) => ({ name: t.name, objects: t.objects })),
    memory: s.memory.map((m) => ({ name: m.name, kind: m.kind, signaled: m.signaled })),
    zombies: s.zombies ? { processes: s.zombies.processes.length, threads: s.zombies.threads.length } : null,
    guidNamed: all.filter((o) => GUID.test(o.node.name)).length,
  };
}

/** Names a test can type and match without escaping questions (letters, digits, a few marks). */
export function isPlain(s: string): boolean {
  return /^[\\A-Za-z0-9 _.?:{}\-]+$/.test(s) && !/ $/.test(s);
}
