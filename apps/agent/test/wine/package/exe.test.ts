// objscope.exe as a Windows user meets it: one file, run in a Wine prefix created for this spec
// that holds nothing else (no Node, no repository, no koffi); natively on Windows, with a fresh
// %LOCALAPPDATA%. Run with no arguments it must serve the UI over the live namespace; as a CLI
// it must print the same JSON as `objscope --wine`, which runs the repository's bundle with the
// harness's Windows Node in the same prefix (one wineserver, one namespace); its `fleet` commands
// (DuckDB's win32-x64 binding, carried inside) must answer what the repository's CLI answers on
// Linux over the same snapshots. Windows programs
// under Wine write to files, never to pipes (design.md), which the runner's spawnExe/runExe do.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSnapshot } from '@objscope/core';
import { generateFleet, MALWARE_MUTEX, MALWARE_NAME } from '@objscope/fleet/testing';
import { BUNDLE, REPO, harness, objscope, prepareWine, wineHarness } from '../support/wine';
import { startZombieHelper, type ZombieHelper } from '../../../../../tools/testing/zombiehelper';
import { EXE, VERSION, buildPackages, listeningUrl, snapshotObjects, trpc } from './support';

let work: string;
let prefix: string;
/** On Windows: the %LOCALAPPDATA% the .exe gets, empty at first. */
let localAppData: string;
let zombies: ZombieHelper | null = null;
const exeEnv = (): Record<string, string> => (harness.native ? { LOCALAPPDATA: localAppData } : {});

/** objscope.exe with `args`, run to the end inside the fresh prefix. */
async function exe(args: string[]) {
  const r = await harness.runExe(EXE, args, { cwd: work, env: exeEnv(), timeoutMs: 150_000 });
  if (r.code !== 0) throw new Error(`objscope.exe ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(0, 2000)}`);
  return r;
}

async function exeJson(args: string[]): Promise<unknown> {
  return JSON.parse((await exe(args)).stdout) as unknown;
}

async function wineJson(args: string[]): Promise<unknown> {
  const r = await objscope(args);
  if (r.code !== 0) throw new Error(`objscope --wine ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(0, 2000)}`);
  return JSON.parse(r.stdout) as unknown;
}

/** The Windows user's folder inside the prefix (root under Wine in a container, else $USER). */
function appDataObjscope(): string[] {
  if (harness.native) return [join(localAppData, 'objscope')].filter((d) => existsSync(d));
  const users = join(prefix, 'drive_c', 'users');
  return readdirSync(users).map((u) => join(users, u, 'AppData', 'Local', 'objscope')).filter((d) => existsSync(d));
}

beforeAll(async () => {
  buildPackages();
  work = mkdtempSync(join(tmpdir(), 'objscope-exe-'));
  prefix = join(work, 'prefix');
  localAppData = join(work, 'LocalAppData');
  // Every Wine process this file starts (the .exe, the helper, `objscope --wine`) goes to the
  // fresh prefix: the harness and the CLI honour WINEPREFIX, and vitest runs each file in its
  // own process.
  if (!harness.native) process.env.WINEPREFIX = prefix;
  await prepareWine();
  zombies = await startZombieHelper(['--processes', '3', '--threads', '2']);
});

afterAll(async () => {
  await zombies?.stop();
  // The fresh prefix's own wineserver and whatever still runs in it; harness.stopServer leaves
  // prefixes named by WINEPREFIX alone, so this file ends its own.
  if (process.env.WINEPREFIX === prefix) wineHarness.killServer(prefix);
  delete process.env.WINEPREFIX;
  if (work) rmSync(work, { recursive: true, force: true });
});

// On Windows the fresh start is a fresh %LOCALAPPDATA%; elsewhere, a fresh Wine prefix.
describe('objscope.exe, alone in a fresh prefix with nothing else installed', () => {
  it('unpacks its files once into the user\'s AppData and reports its version', async () => {
    expect(appDataObjscope()).toEqual([]);
    expect((await exe(['--version'])).stdout).toBe(`objscope ${VERSION}\n`);
    const [dir] = appDataObjscope();
    expect(dir).toBeDefined();
    const builds = readdirSync(dir!).filter((d) => !d.startsWith('.'));
    expect(builds).toHaveLength(1);
    expect(builds[0]).toMatch(new RegExp(`^${VERSION.replaceAll('.', '\\.')}-[0-9a-f]{16}$`));
    // DuckDB's addon and the DLL it links, in one folder: Windows finds the DLL beside the addon.
    const duck = 'node_modules/@duckdb/node-bindings-win32-x64';
    for (const f of ['dist/objscope.mjs', 'dist/holders-worker.mjs', 'dist/fleet-decode.mjs', 'web/index.html', 'node_modules/koffi/build/koffi/win32_x64/koffi.node', `${duck}/duckdb.node`, `${duck}/duckdb.dll`]) {
      expect(existsSync(join(dir!, builds[0]!, ...f.split('/'))), f).toBe(true);
    }
    // A second start reuses them (no second folder, no leftover unpacking folder).
    await exe(['--version']);
    expect(readdirSync(dir!)).toEqual(builds);
  });

  it('with no arguments serves the UI and the live namespace on 127.0.0.1 (BROWSER=none)', async () => {
    const proc = harness.spawnExe(EXE, [], { cwd: work, env: { ...exeEnv(), BROWSER: 'none' } });
    try {
      const base = await listeningUrl(() => proc.readStdout(), () => (proc.child.exitCode !== null ? `exit ${proc.child.exitCode}: ${proc.readStderr()}` : null));
      const page = await fetch(base);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toMatch(/<html[^>]*>.*_next\/static/s);
      const client = trpc(base);
      const info = await client.source.info.query();
      expect(info.kind).toBe(harness.native ? 'live' : 'wine');
      const listed = await client.namespace.list.query({ path: '\\KernelObjects', limit: 1000 });
      expect(listed.ok).toBe(true);
      const names = listed.ok ? listed.entries.map((e) => e.name) : [];
      const cli = (await wineJson(['ls', '\\KernelObjects', '--json'])) as { name: string }[];
      expect(new Set(names)).toEqual(new Set(cli.map((e) => e.name)));
      expect(names).toContain('LowMemoryCondition');
    } finally {
      await proc.kill();
      proc.cleanup();
    }
  });

  it('answers ls with the same JSON as objscope --wine', async () => {
    for (const path of ['\\', '\\KernelObjects', '\\ObjectTypes']) {
      const args = ['ls', path, '--json'];
      expect(await exeJson(args), path).toEqual(await wineJson(args));
    }
  });

  it('answers info and memory with the same JSON as objscope --wine', async () => {
    // The type's object and handle totals count every process's objects, objscope's own
    // included (the two programs differ in what they hold open): everything else must match.
    const stable = (v: unknown) => {
      const d = structuredClone(v) as { typeInfo?: { ok: boolean; value?: Record<string, unknown> } };
      if (d.typeInfo?.value) for (const k of ['totalObjects', 'totalHandles', 'highWaterObjects', 'highWaterHandles']) delete d.typeInfo.value[k];
      return d;
    };
    for (const path of ['\\KernelObjects\\LowMemoryCondition', '\\BaseNamedObjects']) {
      const args = ['info', path, '--json'];
      const fromExe = stable(await exeJson(args));
      expect(fromExe).toMatchObject({ path });
      expect(fromExe, path).toEqual(stable(await wineJson(args)));
    }
    expect(await exeJson(['memory', '--json'])).toEqual(await wineJson(['memory', '--json']));
  });

  it('answers zombies with the same JSON as objscope --wine, the helper\'s zombies included', async () => {
    // When and how long a scan ran and how many handles the whole system had at that moment
    // (the scanner's own among them) differ between two scans. So do CPU times: Wine 8 answers
    // ProcessTimes for an exited process with figures that follow the caller (seen here: every
    // zombie 170/500 ms in one scan, 230/480 ms in the next). Who is a zombie, its exit code and
    // exit time, and who holds it may not differ.
    const dropTimes = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(dropTimes);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        for (const k of ['kernelTimeMs', 'userTimeMs']) delete o[k];
        Object.values(o).forEach(dropTimes);
      }
    };
    const stable = (v: unknown) => {
      const d = structuredClone(v) as { scannedAt?: unknown; summary?: Record<string, unknown> };
      delete d.scannedAt;
      if (d.summary) for (const k of ['scanMs', 'handlesScanned']) delete d.summary[k];
      dropTimes(d);
      return d;
    };
    const fromExe = stable(await exeJson(['zombies', '--json'])) as { processes: { pid: number }[] };
    expect(fromExe.processes.map((p) => p.pid).sort()).toEqual(zombies!.manifest.processes.map((p) => p.pid).sort());
    expect(fromExe).toEqual(stable(await wineJson(['zombies', '--json'])));
  });

  it('snapshot -o captures the namespace objscope --wine captures', async () => {
    const a = join(work, 'exe.objscope.gz');
    const b = join(work, 'wine.objscope.gz');
    await exe(['snapshot', '-o', harness.toWindowsPath(a)]);
    const r = await objscope(['snapshot', '-o', b]);
    expect(r.code, r.stderr).toBe(0);
    // Each capturing Windows Node names an event after its own PID (node-debug-handler-<pid>),
    // and Wine's clipboard object for the window station exists only while a process that
    // started user32 runs: objects of the capturing process itself, not of the namespace.
    const own = /\\(node-debug-handler-\d+|__wine_clipboard_[^\\]*)$/;
    const strip = (m: Map<string, string>) => new Map([...m].filter(([p]) => !own.test(p)));
    const fromExe = strip(snapshotObjects(a));
    expect(fromExe.size).toBeGreaterThan(50);
    expect(fromExe.get('\\KernelObjects\\LowMemoryCondition')).toBe('Event -> ');
    expect(fromExe).toEqual(strip(snapshotObjects(b)));
  });
});

describe('objscope.exe fleet: DuckDB travels inside the .exe', () => {
  it('adds generated hosts to a store and answers find, drift and zombies exactly like the repository CLI on Linux', async () => {
    const sample = decodeSnapshot(new Uint8Array(readFileSync(join(REPO, 'apps', 'agent', 'assets', 'sample.objscope.gz'))));
    if (!sample.ok) throw new Error(sample.error);
    const hosts = generateFleet(sample.snapshot, { dir: join(work, 'fleet-snaps'), hosts: 8 });
    const files = hosts.map((h) => h.files[0]!);
    const exeStore = harness.toWindowsPath(join(work, 'fleet-exe'));
    const linuxStore = join(work, 'fleet-linux');
    const linux = (args: string[]) => {
      const r = spawnSync(process.execPath, [BUNDLE, 'fleet', ...args], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    const added = await exe(['fleet', 'add', exeStore, ...files.map((f) => harness.toWindowsPath(f))]);
    expect(added.stdout).toBe('8 added, 0 already in the store, 0 skipped\n');
    linux(['add', linuxStore, ...files]);

    const found = JSON.parse((await exe(['fleet', 'find', exeStore, MALWARE_NAME.toLowerCase(), '--json'])).stdout) as { matches: { host: string; path: string; type: string }[] };
    const infected = hosts.filter((h) => h.malware).map((h) => h.name).sort();
    expect(infected.length).toBeGreaterThan(0);
    expect(found.matches.map((m) => m.host).sort()).toEqual(infected);
    expect(new Set(found.matches.map((m) => `${m.type} ${m.path}`))).toEqual(new Set([`Mutant ${MALWARE_MUTEX}`]));

    for (const args of [
      ['find', MALWARE_NAME.toLowerCase(), '--json'],
      ['find', '*Condition', '--type', 'Event'],
      ['drift', '--baseline', hosts[0]!.name, '--json'],
      ['zombies', '--json'],
    ]) {
      const [cmd, ...rest] = args;
      expect((await exe(['fleet', cmd!, exeStore, ...rest])).stdout, args.join(' ')).toBe(linux([cmd!, linuxStore, ...rest]));
    }
    // The same files again change nothing: the store the .exe wrote reads back as its own.
    expect((await exe(['fleet', 'add', exeStore, harness.toWindowsPath(files[0]!)])).stdout).toBe('0 added, 1 already in the store, 0 skipped\n');
  });
});
