// The live world for the Wine project, built from the project's own Wine pieces: the
// Windows-program runner (tools/testing/windows.ts: Wine off Windows, the real
// kernel on it), objhelper.exe's named objects (driven through the shared
// helper, which knows its manifest and command channel) and zombiehelper.exe's zombies, all in
// the harness's prefix, so the agent started with --wine (same wineserver) sees them.
import { windows } from '../../tools/testing/windows';
import { startObjHelper, type ObjHelper } from '../../tools/testing/objhelper';
import { startZombieHelper, type ZombieHelper, type ZombieManifest } from '../../tools/testing/zombiehelper';
import type { SnapshotFacts } from './facts';

export interface WineWorld {
  env: NodeJS.ProcessEnv;
  facts: SnapshotFacts;
  objects: ObjHelper;
  zombies: ZombieManifest;
  stop(): Promise<void>;
}

/** Few enough to read in the panel, enough that "holds N" is not a coincidence. */
const ZOMBIE_PROCESSES = 4;
const ZOMBIE_THREADS = 3;

export async function startWineWorld(): Promise<WineWorld> {
  await windows.setup();
  const objects = await startObjHelper({ label: 'e2e', big: 400 });
  let zombies: ZombieHelper;
  try {
    zombies = await startZombieHelper(['--processes', String(ZOMBIE_PROCESSES), '--threads', String(ZOMBIE_THREADS)], { timeoutSeconds: 900 });
  } catch (e) {
    await objects.stop();
    throw e;
  }
  return {
    env: {},
    facts: factsFromManifest(objects),
    objects,
    zombies: zombies.manifest,
    async stop() {
      await zombies.stop();
      await objects.stop();
    },
  };
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('\\');
  return i <= 0 ? '\\' : path.slice(0, i);
}

function factsFromManifest(h: ObjHelper): SnapshotFacts {
  const m = h.manifest;
  const direct = m.objects.filter((o) => parentOf(o.path) === m.root);
  const toDir = m.objects.find((o) => o.path === m.links.toDirectory)!;
  return {
    objectCount: m.objects.length,
    rootNames: [],
    dir: { path: m.root, names: direct.map((o) => o.name), subdir: `${m.root}\\nested`, leaf: 'event-signaled' },
    link: {
      path: toDir.path,
      name: toDir.name,
      parent: m.root,
      target: toDir.target!,
      targetIsDirectory: true,
    },
    biggest: { path: m.big.path, count: m.big.count },
    // objhelper puts its hostile names (and a hostile directory) straight under its root.
    hostile: { path: m.root, names: direct.map((o) => o.name) },
    types: [],
    memory: [],
    zombies: null,
    guidNamed: 0,
  };
}
