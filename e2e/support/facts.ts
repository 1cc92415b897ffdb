// Expectations derived from the very snapshot file the agent serves, so the tests check what
// the UI shows against the data rather than against numbers copied into the test. A fact a test
// needs is required: a snapshot without it fails here, loudly, instead of the test skipping a
// step or quietly browsing some other directory.
import { compareNames, type Snapshot, type SnapshotNode } from '@objscope/core';

interface DirFact {
  path: string;
  /** Child names in the order the snapshot stores them (exact, hostile ones included). */
  names: string[];
  /** A non-empty child directory with a plain name, to descend into. */
  subdir: string;
  /** A child that is not a directory, with a plain name (find, selection). */
  leaf: string;
}

/** A directory of hostile names: every name, exact. */
interface NamesFact {
  path: string;
  names: string[];
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
  link: LinkFact;
  /** The directory with the most entries (paging, virtualization). */
  biggest: { path: string; count: number };
  hostile: NamesFact | null;
  types: { name: string; objects: number }[];
  memory: { name: string; kind: string; signaled: boolean | null }[];
  zombies: { processes: number; threads: number } | null;
  /** Objects whose name contains a GUID (the GUID tour's query). */
  guidNamed: number;
}

/**
 * What the list must show at the top of a directory: its first rows in WinObj order (core's
 * compareNames, the order the API sorts by), exactly, and at least a screenful of them. The
 * list is virtualized, so only a window is rendered; that window is compared whole.
 */
export function expectedWindow(names: readonly string[], shown: readonly string[]): { rows: string[]; atLeast: number } {
  const sorted = [...names].sort(compareNames);
  return { rows: sorted.slice(0, Math.max(shown.length, Math.min(sorted.length, 10))), atLeast: Math.min(sorted.length, 10) };
}

/** Where "go to target" lands: inside a directory target, else on the target in its parent. */
export function landingOf(link: LinkFact): { path: string; sel: string | null } {
  if (link.targetIsDirectory) return { path: link.target, sel: null };
  const i = link.target.lastIndexOf('\\');
  return { path: i === 0 ? '\\' : link.target.slice(0, i), sel: link.target.slice(i + 1) };
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
  const namesOf = (path: string): string[] => (dirs.get(path)!.children ?? []).map((c) => c.name);
  const isSubdir = (c: SnapshotNode) => !!c.children && c.children.length > 0 && isPlain(c.name);
  const isLeaf = (c: SnapshotNode) => !c.children && /^[A-Za-z0-9_.-]{3,}$/.test(c.name);
  // A directory the user would browse: plain name, a few children, and a non-empty subdirectory.
  const candidates = [...dirs.keys()].filter((p) => p !== '\\' && isPlain(p));
  const browsable = candidates.find((p) => {
    const n = dirs.get(p)!.children ?? [];
    return n.length >= 3 && n.length <= 200 && n.some(isSubdir) && n.some(isLeaf);
  });
  if (!browsable) throw new Error('e2e facts: the snapshot has no browsable directory (3-200 entries, a subdirectory and a plain-named object)');
  const kids = dirs.get(browsable)!.children!;

  const links = all.filter((o) => o.node.type === 'SymbolicLink' && o.node.target && isPlain(o.path));
  const exists = (p: string) => dirs.has(p) || all.some((o) => o.path === p);
  const link = links.find((o) => dirs.has(o.node.target!)) ?? links.find((o) => exists(o.node.target!)) ?? links[0];
  if (!link) throw new Error('e2e facts: the snapshot has no symbolic link with a target');

  // The synthetic namespace's \Big (bigDirectoryEntries) when present, else the largest directory.
  let biggest = { path: '\\', count: 0 };
  for (const [p, n] of dirs) if ((n.children?.length ?? 0) > biggest.count) biggest = { path: p, count: n.children!.length };
  const big = dirs.get('\\Big');
  if (big?.children?.length) biggest = { path: '\\Big', count: big.children.length };

  const hostilePath = [...dirs.keys()].find((p) => /\\Hostile$/i.test(p)) ?? null;

  return {
    objectCount: all.length,
    rootNames: (s.root.children ?? []).map((c) => c.name),
    dir: {
      path: browsable,
      names: namesOf(browsable),
      subdir: joinPath(browsable, kids.find(isSubdir)!.name),
      leaf: kids.find(isLeaf)!.name,
    },
    link: {
      path: link.path,
      name: link.node.name,
      parent: link.parent,
      target: link.node.target!,
      targetIsDirectory: dirs.has(link.node.target!),
    },
    biggest,
    hostile: hostilePath ? { path: hostilePath, names: namesOf(hostilePath) } : null,
    types: s.types.map((t) => ({ name: t.name, objects: t.objects })),
    memory: s.memory.map((m) => ({ name: m.name, kind: m.kind, signaled: m.signaled })),
    zombies: s.zombies ? { processes: s.zombies.processes.length, threads: s.zombies.threads.length } : null,
    guidNamed: all.filter((o) => GUID.test(o.node.name)).length,
  };
}

/** Names a test can type and match without escaping questions (letters, digits, a few marks). */
function isPlain(s: string): boolean {
  return /^[\\A-Za-z0-9 _.?:{}-]+$/.test(s) && !/ $/.test(s);
}
