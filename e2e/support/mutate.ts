// The after-picture for the compare flow: a copy of a snapshot with exactly one directory
// added (with one child), one leaf removed and one symbolic link retargeted.
import type { Snapshot, SnapshotNode } from '@objscope/core';

export interface CompareFacts {
  added: string[];
  removed: string[];
  changed: string[];
}

export function mutateForCompare(s: Snapshot): { after: Snapshot; compare: CompareFacts } {
  const after: Snapshot = structuredClone(s);
  const root = after.root.children!;
  // Added: a new directory with one event at the root (names chosen to be unmistakable).
  const added: SnapshotNode = {
    name: 'E2EAdded',
    type: 'Directory',
    target: null,
    error: null,
    children: [{ name: 'NewEvent', type: 'Event', target: null, error: null }],
  };
  root.push(added);
  // Removed: the last leaf of the first directory that has leaves.
  const holder = root.find((c) => c.children?.some((x) => !x.children) && c.name !== 'E2EAdded')!;
  const leafIdx = holder.children!.findIndex((x) => !x.children);
  const gone = holder.children!.splice(leafIdx, 1)[0]!;
  // Changed: a symbolic link retargeted.
  let changedPath = '';
  const stack: { path: string; node: SnapshotNode }[] = [{ path: '', node: after.root }];
  while (stack.length && !changedPath) {
    const { path, node } = stack.pop()!;
    for (const c of node.children ?? []) {
      if (c.type === 'SymbolicLink' && c.target) {
        c.target = '\\Device\\E2ERetargeted';
        changedPath = `${path}\\${c.name}`;
        break;
      }
      if (c.children) stack.push({ path: `${path}\\${c.name}`, node: c });
    }
  }
  after.meta.objectCount = s.meta.objectCount + 1;
  after.meta.capturedAt = new Date(Date.parse(s.meta.capturedAt) + 3600_000).toISOString();
  return {
    after,
    compare: {
      added: ['\\E2EAdded', '\\E2EAdded\\NewEvent'],
      removed: [`\\${holder.name}\\${gone.name}`],
      changed: changedPath ? [changedPath] : [],
    },
  };
}

