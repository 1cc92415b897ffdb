// A directory shaped like a real \Device or \RPC Control: thousands of objects whose type sorts
// before Directory, then thousands of subdirectories. Any view that reads "the first N entries"
// (by name or by type) misses most of its subdirectories; the tree must still show every one.
import type { Snapshot, SnapshotNode } from '@objscope/core';

export interface CrowdedFacts {
  path: string;
  entries: number;
  /** Entries whose type sorts before Directory, so they precede every subdirectory by type. */
  before: number;
  /** Every subdirectory's name, in the tree's order. */
  subdirs: string[];
  /** Each subdirectory holds one leaf of this name pattern: `${leafPrefix}${subdirectory name}`. */
  leafPrefix: string;
}

// 'Z' sorts after every other directory of the synthetic root, so in the tree the crowded
// directory's subdirectories are the last rows (End reaches the very last one).
const NAME = 'ZCrowded';
const PORTS = 1_500;
const EVENTS = 1_500;
const SUBDIRS = 6_000;
const LEAF_PREFIX = 'Inside_';

/** Adds the crowded directory to the root of `s` (in place) and says what it holds. */
export function addCrowdedDirectory(s: Snapshot): CrowdedFacts {
  const children: SnapshotNode[] = [];
  for (let i = 0; i < PORTS; i++) children.push({ name: `Port_${String(i).padStart(5, '0')}`, type: 'ALPC Port', target: null, error: null });
  for (let i = 0; i < EVENTS; i++) children.push({ name: `Event_${String(i).padStart(5, '0')}`, type: 'Event', target: null, error: null });
  const subdirs: string[] = [];
  for (let i = 0; i < SUBDIRS; i++) {
    const name = `Sub_${String(i).padStart(5, '0')}`;
    subdirs.push(name);
    children.push({
      name,
      type: 'Directory',
      target: null,
      error: null,
      children: [{ name: `${LEAF_PREFIX}${name}`, type: 'Event', target: null, error: null }],
    });
  }
  s.root.children!.push({ name: NAME, type: 'Directory', target: null, error: null, children });
  s.meta.objectCount += 1 + children.length + SUBDIRS;
  return { path: `\\${NAME}`, entries: children.length, before: PORTS, subdirs, leafPrefix: LEAF_PREFIX };
}
