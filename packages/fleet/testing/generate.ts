// Test support, not shipped: a fleet of N hosts derived from one real capture (the Wine sample,
// or any snapshot). Every difference between hosts is planted by a rule, so tests can assert
// exact host sets:
// - host 0 is the clean baseline;
// - hosts with i % 5 === 1 lack the first two padding objects (drift: missing);
// - hosts with i % 4 === 2 have one extra Event, `\BaseNamedObjects\extra-<i>` (drift: extra);
// - hosts with i % 7 === 3 carry the "malware" mutex MALWARE_MUTEX (in their last snapshot
//   only, when there are several per host: find --history);
// - zombie counts follow a skewed (Pareto-like) draw from a seeded generator; each host's
//   zombies are held by one image, `svc<i % 3>.exe`, except (from three on) one held by `other.exe`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeSnapshotJson, type Snapshot, type SnapshotNode, type ZombieProcess } from '@objscope/core';

const MALWARE_DIR = 'BaseNamedObjects';
export const MALWARE_NAME = 'XYZ-Mutex-7c1f';
export const MALWARE_MUTEX = `\\${MALWARE_DIR}\\${MALWARE_NAME}`;

export interface GeneratedHost {
  name: string;
  files: string[];
  capturedAt: string[];
  malware: boolean;
  missing: string[];
  extra: string[];
  zombies: number;
  topHolder: string | null;
}

export interface GenerateOptions {
  dir: string;
  hosts: number;
  /** Objects per host: the base capture padded with named objects up to this count. */
  objectsPerHost?: number;
  snapshotsPerHost?: number;
  seed?: number;
  /** Host names; default HOST-0000, HOST-0001, ... */
  hostName?: (i: number) => string;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function countNodes(n: SnapshotNode): number {
  let c = 0;
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    for (const ch of x.children ?? []) {
      c++;
      stack.push(ch);
    }
  }
  return c;
}

/** Names shaped like the GUID-named sections and events a busy session holds. */
function padNames(count: number, seed: number): { name: string; type: string }[] {
  const r = rng(seed);
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const types = ['Section', 'Event', 'Mutant', 'Semaphore', 'Event', 'Section'];
  return Array.from({ length: count }, (_, j) => ({
    name: `{${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}-${j}`,
    type: types[j % types.length]!,
  }));
}

const TYPES_WITH_STATS = new Set(['Section', 'Event', 'Mutant', 'Semaphore']);

export function generateFleet(base: Snapshot, o: GenerateOptions): GeneratedHost[] {
  mkdirSync(o.dir, { recursive: true });
  const perHost = o.snapshotsPerHost ?? 1;
  const r = rng(o.seed ?? 23);
  const dirNode = base.root.children?.find((c) => c.name === MALWARE_DIR && c.children);
  if (!dirNode?.children) throw new Error(`the base snapshot has no \\${MALWARE_DIR} directory`);
  const baseCount = countNodes(base.root);
  const pads = padNames(Math.max(0, (o.objectsPerHost ?? baseCount) - baseCount), o.seed ?? 23);
  const template = dirNode.children.find((c) => c.details)?.details;
  const origChildren = dirNode.children;
  const hosts: GeneratedHost[] = [];
  const t0 = Date.parse('2026-11-01T00:00:00.000Z');

  for (let i = 0; i < o.hosts; i++) {
    const name = o.hostName ? o.hostName(i) : `HOST-${String(i).padStart(4, '0')}`;
    const missing = i % 5 === 1 ? pads.slice(0, 2).map((p) => `\\${MALWARE_DIR}\\${p.name}`) : [];
    const extra = i % 4 === 2 ? [`\\${MALWARE_DIR}\\extra-${i}`] : [];
    const malware = i % 7 === 3;
    // Pareto-like: most hosts have none or a few, a handful have hundreds.
    const u = r();
    const zombies = i === 0 ? 0 : Math.min(2000, Math.floor(0.5 / Math.pow(1 - u, 1.6)));
    const svc = `svc${i % 3}.exe`;
    const host: GeneratedHost = { name, files: [], capturedAt: [], malware, missing, extra, zombies, topHolder: zombies === 0 ? null : svc };
    for (let k = 0; k < perHost; k++) {
      const last = k === perHost - 1;
      const children: SnapshotNode[] = [...origChildren];
      pads.forEach((p, j) => {
        if (j < 2 && missing.length) return;
        children.push({ name: p.name, type: p.type, target: null, error: null, ...(template && TYPES_WITH_STATS.has(p.type) ? { details: template } : {}) });
      });
      for (const e of extra) children.push({ name: e.slice(MALWARE_DIR.length + 2), type: 'Event', target: null, error: null });
      if (malware && last) children.push({ name: MALWARE_NAME, type: 'Mutant', target: null, error: null });
      const root: SnapshotNode = {
        ...base.root,
        children: base.root.children!.map((c) => (c === dirNode ? { ...c, children } : c)),
      };
      const capturedAt = new Date(t0 + k * 86_400_000 + i * 60_000).toISOString();
      const processes: ZombieProcess[] = Array.from({ length: zombies }, (_, z) => {
        const holderImage = zombies >= 3 && z === zombies - 1 ? 'other.exe' : svc;
        return {
          pid: 10_000 + z * 4,
          imageName: `worker${z % 5}.exe`,
          imagePath: null,
          exitCode: 0,
          createTime: null,
          exitTime: capturedAt,
          userTimeMs: null,
          kernelTimeMs: null,
          parentPid: 8,
          parentExists: true,
          objectAddress: null,
          holders: [{ pid: holderImage === 'other.exe' ? 9 : 8, imageName: holderImage, handle: 0x100 + z * 4, grantedAccess: 0x1fffff }],
          heldByKernel: false,
        };
      });
      const s: Snapshot = {
        ...base,
        meta: { ...base.meta, host: name, capturedAt, objectCount: countNodes(root), description: `generated fleet host ${i} from a ${base.meta.source} capture` },
        root,
        zombies: base.zombies
          ? {
              ...base.zombies,
              processes,
              threads: [],
              summary: { ...base.zombies.summary, zombieProcesses: zombies, zombieThreads: 0, pidsHeld: zombies, topHolders: [] },
              scannedAt: capturedAt,
            }
          : null,
      };
      const file = join(o.dir, `${String(i).padStart(4, '0')}-${k}.objscope.gz`);
      // The file encodeSnapshot writes (same JSON, gzip level 9), compressed by zlib: fflate's
      // JavaScript deflate was most of the time it took to make a 1,000-host bench fleet.
      writeFileSync(file, gzipSync(encodeSnapshotJson(s), { level: 9 }));
      host.files.push(file);
      host.capturedAt.push(capturedAt);
    }
    hosts.push(host);
  }
  return hosts;
}
