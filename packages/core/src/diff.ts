// Added / removed / changed objects between two snapshots, by full path. The trees are walked
// in parallel, matching children by exact name through Maps (names are hostile: never object
// keys), so no flat path table of either snapshot is ever built.
import { entryChanged } from './compare';
import { joinNtPath, parseNtPath } from './ntpath';
import type { Snapshot, SnapshotNode } from './snapshot';
import type { DiffChange, DiffEntry, SnapshotDiff } from './source';

export interface DiffOptions {
  /** Only this object and what lies below it (no link following). */
  under?: string;
  /** Only objects whose type (before or after) is one of these. */
  types?: string[];
  /** Most entries returned; counts stay exact. Default 10,000. */
  limit?: number;
}

const DEFAULT_DIFF_LIMIT = 10_000;

function find(root: SnapshotNode, path: string): SnapshotNode | null {
  const p = parseNtPath(path);
  if (!p.ok) return null;
  let cur: SnapshotNode = root;
  for (const c of p.components) {
    const next = cur.children?.find((k) => k.name === c);
    if (!next) return null;
    cur = next;
  }
  return cur;
}

const view = (n: SnapshotNode) => ({ type: n.type, target: n.target });

export function diffSnapshots(a: Snapshot, b: Snapshot, opts: DiffOptions = {}): SnapshotDiff {
  const limit = Math.max(0, Math.floor(opts.limit ?? DEFAULT_DIFF_LIMIT));
  const types = opts.types && opts.types.length ? new Set(opts.types) : null;
  const out: SnapshotDiff = { added: 0, removed: 0, changed: 0, entries: [], truncated: false };

  const record = (change: DiffChange, path: string, before: SnapshotNode | null, after: SnapshotNode | null): void => {
    if (types && !(before && types.has(before.type)) && !(after && types.has(after.type))) return;
    out[change]++;
    if (out.entries.length < limit) {
      const e: DiffEntry = { path, change, before: before ? view(before) : null, after: after ? view(after) : null };
      out.entries.push(e);
    } else {
      out.truncated = true;
    }
  };

  // Everything in a subtree present on one side only is added (or removed) with it.
  const whole = (change: 'added' | 'removed', node: SnapshotNode, path: string): void => {
    const stack: [SnapshotNode, string][] = [[node, path]];
    while (stack.length) {
      const [n, p] = stack.pop()!;
      record(change, p, change === 'removed' ? n : null, change === 'added' ? n : null);
      const kids = n.children;
      if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, joinNtPath(p, kids[i]!.name)]);
    }
  };

  const start = opts.under && opts.under !== '\\' ? opts.under : '\\';
  const na = start === '\\' ? a.root : find(a.root, start);
  const nb = start === '\\' ? b.root : find(b.root, start);
  if (!na && !nb) return out;
  if (!na) {
    whole('added', nb!, start);
    return out;
  }
  if (!nb) {
    whole('removed', na, start);
    return out;
  }

  const stack: [SnapshotNode, SnapshotNode, string][] = [[na, nb, start]];
  // The root has no type or target to compare; a chosen `under` object does.
  let first = start === '\\';
  while (stack.length) {
    const [x, y, path] = stack.pop()!;
    if (!first && entryChanged(x, y)) record('changed', path, x, y);
    first = false;
    const xs = x.children ?? [];
    const ys = y.children ?? [];
    const byName = new Map<string, SnapshotNode>();
    for (const k of ys) byName.set(k.name, k);
    const pending: [SnapshotNode, SnapshotNode, string][] = [];
    for (const k of xs) {
      const p = joinNtPath(path, k.name);
      const other = byName.get(k.name);
      if (!other) {
        whole('removed', k, p);
        continue;
      }
      byName.delete(k.name);
      pending.push([k, other, p]);
    }
    for (const k of byName.values()) whole('added', k, joinNtPath(path, k.name));
    for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i]!);
  }
  return out;
}
