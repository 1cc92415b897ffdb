// The live world for the Wine project: the project's Wine harness (tools/wine/harness.mjs),
// objhelper.exe's named objects and zombiehelper.exe's zombies, all in the harness's prefix so
// the agent started with --wine (same prefix, same wineserver) sees them.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SnapshotFacts } from './facts';
import { ROOT } from './paths';

export interface ObjManifestEntry {
  path: string;
  name: string;
  type: string;
  target?: string | null;
}

export interface ZombieManifest {
  pid: number;
  processes: { pid: number; exitCode: number; handle?: number }[];
  threads: { tid: number; exitCode: number; handle?: number }[];
}

export interface WineWorld {
  env: NodeJS.ProcessEnv;
  facts: SnapshotFacts;
  objects: { root: string; entries: ObjManifestEntry[] };
  zombies: ZombieManifest;
  stop(): Promise<void>;
}

interface Harness {
  setup(): Promise<unknown> | unknown;
  spawnExe(exe: string, args: string[], opts?: Record<string, unknown>): { kill?: () => void; stop?: () => Promise<void> } & Record<string, unknown>;
  nativeExe(name: string): string;
  wineEnv?: () => NodeJS.ProcessEnv;
}

async function harness(): Promise<Harness> {
  const p = join(ROOT, 'tools', 'wine', 'harness.mjs');
  if (!existsSync(p)) throw new Error('tools/wine/harness.mjs is missing (the Wine harness has not landed)');
  return (await import(pathToFileURL(p).href)) as Harness;
}

async function waitFile(p: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!existsSync(p)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${p}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startWineWorld(): Promise<WineWorld> {
  const h = await harness();
  await h.setup();
  const dir = mkdtempSync(join(tmpdir(), 'objscope-e2e-wine-'));
  const objManifest = join(dir, 'objects.json');
  const objReady = join(dir, 'objects.ready');
  const zManifest = join(dir, 'zombies.json');
  const zReady = join(dir, 'zombies.ready');
  const zCommands = join(dir, 'zombies.cmd');
  const objhelper = h.spawnExe(h.nativeExe('objhelper'), ['--manifest', objManifest, '--ready', objReady]);
  const zombiehelper = h.spawnExe(h.nativeExe('zombiehelper'), [
    '--processes', '5', '--threads', '3', '--manifest', zManifest, '--ready', zReady, '--commands', zCommands,
  ]);
  await waitFile(objReady, 90_000);
  await waitFile(zReady, 90_000);
  const objects = JSON.parse(readFileSync(objManifest, 'utf8')) as WineWorld['objects'];
  const zombies = JSON.parse(readFileSync(zManifest, 'utf8')) as ZombieManifest;
  const facts = factsFromManifest(objects);
  return {
    env: h.wineEnv ? h.wineEnv() : {},
    facts,
    objects,
    zombies,
    async stop() {
      writeFileSync(zCommands, 'exit\n');
      for (const p of [objhelper, zombiehelper]) {
        if (typeof p.stop === 'function') await p.stop();
        else if (typeof p.kill === 'function') p.kill();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('\\');
  return i <= 0 ? '\\' : path.slice(0, i);
}

function factsFromManifest(m: WineWorld['objects']): SnapshotFacts {
  const byParent = new Map<string, ObjManifestEntry[]>();
  for (const e of m.entries) {
    const p = parentOf(e.path);
    if (!byParent.has(p)) byParent.set(p, []);
    byParent.get(p)!.push(e);
  }
  const rootKids = byParent.get(m.root) ?? [];
  const sub = rootKids.find((e) => e.type === 'Directory' && (byParent.get(e.path)?.length ?? 0) > 0 && /^[A-Za-z0-9_-]+$/.test(e.name));
  const link = m.entries.find((e) => e.type === 'SymbolicLink' && e.target && m.entries.some((x) => x.path === e.target));
  const hostileDir = [...byParent.keys()].find((p) => /hostile/i.test(p));
  let biggest = { path: m.root, count: 0 };
  for (const [p, kids] of byParent) if (kids.length > biggest.count) biggest = { path: p, count: kids.length };
  return {
    objectCount: m.entries.length,
    rootNames: [],
    dir: { path: m.root, names: rootKids.map((e) => e.name), subdir: sub ? sub.path : null },
    link: link
      ? {
          path: link.path,
          name: link.name,
          parent: parentOf(link.path),
          target: link.target!,
          targetIsDirectory: m.entries.some((x) => x.path === link.target && x.type === 'Directory'),
        }
      : null,
    biggest,
    hostile: hostileDir ? { path: hostileDir, names: byParent.get(hostileDir)!.map((e) => e.name), subdir: null } : null,
    types: [],
    memory: [],
    zombies: null,
    guidNamed: 0,
  };
}
