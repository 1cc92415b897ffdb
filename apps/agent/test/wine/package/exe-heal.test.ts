// objscope.exe after real machines have damaged its unpacked files: antivirus quarantine empties
// or removes a file, a full disk truncates one, a first start is killed while unpacking, two
// copies start at the same moment. The real .exe, alone in a Wine prefix created for this spec
// (natively on Windows: a fresh %LOCALAPPDATA%); after each damage the next ordinary start must
// serve the UI and answer the CLI, and leave no temporary folder behind. The check and the heal
// themselves: src/unpack.ts, specified on the file system in test/unpack.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, unlinkSync, utimesSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, prepareWine, wineHarness } from '../support/wine';
import { EXE, VERSION, buildPackages, listeningUrl, trpc } from './support';

let work: string;
let prefix: string;
let localAppData: string;
const exeEnv = (): Record<string, string> => (harness.native ? { LOCALAPPDATA: localAppData } : {});

/** %LOCALAPPDATA%\objscope as a path of ours. */
function cacheBase(): string {
  if (harness.native) return join(localAppData, 'objscope');
  const users = join(prefix, 'drive_c', 'users');
  const found = readdirSync(users).map((u) => join(users, u, 'AppData', 'Local', 'objscope')).filter((d) => existsSync(d));
  if (found.length !== 1) throw new Error(`expected one objscope cache folder in the prefix, found ${found.length}`);
  return found[0]!;
}

/** The one build folder (the .exe's version and content hash). */
function buildDir(): string {
  const builds = readdirSync(cacheBase()).filter((d) => !d.startsWith('.'));
  expect(builds).toHaveLength(1);
  expect(builds[0]).toMatch(new RegExp(`^${VERSION.replaceAll('.', '\\.')}-[0-9a-f]{16}$`));
  return join(cacheBase(), builds[0]!);
}

const file = (path: string) => join(buildDir(), ...path.split('/'));

function runExe(args: string[], env: Record<string, string> = {}) {
  return harness.runExe(EXE, args, { cwd: work, env: { ...exeEnv(), ...env }, timeoutMs: 150_000 });
}

/** An ordinary start that must serve the UI and the live namespace. */
async function servesTheUi(): Promise<void> {
  const proc = harness.spawnExe(EXE, ['--port', '0'], { cwd: work, env: { ...exeEnv(), BROWSER: 'none' } });
  try {
    const base = await listeningUrl(() => proc.readStdout(), () => (proc.child.exitCode !== null ? `exit ${proc.child.exitCode}: ${proc.readStderr()}` : null));
    const page = await fetch(base);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html[^>]*>.*_next\/static/s);
    expect((await trpc(base).source.info.query()).kind).toBe(harness.native ? 'live' : 'wine');
    expect(proc.readStderr()).toBe('');
  } finally {
    await proc.kill();
    proc.cleanup();
  }
}

/** An ordinary CLI run that must answer with the live listing. */
async function answersTheCli(): Promise<void> {
  const r = await runExe(['ls', '\\KernelObjects', '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect((JSON.parse(r.stdout) as { name: string }[]).map((e) => e.name)).toContain('LowMemoryCondition');
}

/** Nothing beside the build folder: no unpack in progress, no damaged folder, no lock. */
function noLeftovers(): void {
  expect(readdirSync(cacheBase()).filter((d) => d.startsWith('.'))).toEqual([]);
}

beforeAll(async () => {
  buildPackages();
  work = mkdtempSync(join(tmpdir(), 'objscope-exe-heal-'));
  prefix = join(work, 'prefix');
  localAppData = join(work, 'LocalAppData');
  if (!harness.native) process.env.WINEPREFIX = prefix;
  await prepareWine({ cli: false });
  // The first start unpacks; every case below damages what it left.
  const r = await runExe(['--version']);
  if (r.stdout !== `objscope ${VERSION}\n`) throw new Error(`the first start failed (exit ${r.code}): ${r.stderr}`);
  // Packaging (the .exe's blob is written by the Windows Node under Wine when this Node is
  // another version), a fresh prefix and a first unpack: minutes on a busy machine.
}, 900_000);

afterAll(() => {
  if (process.env.WINEPREFIX === prefix) spawnSync(wineHarness.WINESERVER, ['-k'], { env: wineHarness.wineEnv(), stdio: 'ignore' });
  delete process.env.WINEPREFIX;
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('objscope.exe heals its damaged unpacked files', () => {
  const damages: [string, () => void][] = [
    ['the agent bundle emptied (every start used to exit 0 with no output)', () => truncateSync(file('dist/objscope.mjs'), 0)],
    ['the agent bundle truncated (every start used to fail with "Unexpected end of input")', () => truncateSync(file('dist/objscope.mjs'), 200_000)],
    ['boot.cjs missing (a raw stack trace)', () => unlinkSync(file('boot.cjs'))],
    ["koffi's binary truncated (\"Bad EXE format\")", () => truncateSync(file('node_modules/koffi/build/koffi/win32_x64/koffi.node'), 4096)],
    ['package.json missing (an EPERM rename failure on every start)', () => unlinkSync(file('package.json'))],
  ];
  for (const [what, damage] of damages) {
    it(`with ${what}`, async () => {
      damage();
      await servesTheUi();
      await answersTheCli();
      noLeftovers();
      expect(buildDir()).toMatch(new RegExp(`${VERSION.replaceAll('.', '\\.')}-[0-9a-f]{16}$`));
    });
  }

  it('after a first start killed while unpacking: the next start unpacks, and a minute later its leftovers are gone', async () => {
    const base = cacheBase();
    // Killed the moment its temporary folder appears, so the unpack is half done; tried again
    // in the unlikely case the whole unpack beat the kill.
    let leftovers: string[] = [];
    for (let attempt = 0; attempt < 3 && leftovers.length === 0; attempt++) {
      rmSync(join(base, readdirSync(base).find((d) => !d.startsWith('.')) ?? '.none'), { recursive: true, force: true });
      const proc = harness.spawnExe(EXE, ['--version'], { cwd: work, env: exeEnv() });
      const watcher = watch(base, (_event, name) => {
        if (String(name).startsWith('.unpack-')) void proc.kill('SIGKILL');
      });
      try {
        await proc.wait();
      } finally {
        watcher.close();
        proc.cleanup();
      }
      leftovers = readdirSync(base).filter((d) => d.startsWith('.unpack-'));
    }
    expect(leftovers.length).toBeGreaterThan(0);
    // The killed start's lock names a process that is gone: the next start does not wait on it.
    await answersTheCli();
    // Younger than a minute, a temporary folder may be another start at work: it stays...
    expect(readdirSync(base).filter((d) => d.startsWith('.unpack-'))).toEqual(expect.arrayContaining(leftovers));
    // ...and older, it goes.
    for (const d of readdirSync(base).filter((n) => n.startsWith('.'))) utimesSync(join(base, d), new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    await servesTheUi();
    noLeftovers();
  });

  it('with two copies starting at once on a damaged folder: both answer, one folder results', async () => {
    truncateSync(file('dist/objscope.mjs'), 0);
    const [a, b] = await Promise.all([runExe(['ls', '\\KernelObjects', '--json']), runExe(['ls', '\\KernelObjects', '--json'])]);
    for (const r of [a!, b!]) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    expect(JSON.parse(a!.stdout)).toEqual(JSON.parse(b!.stdout));
    buildDir();
    noLeftovers();
    await servesTheUi();
  });

  it('with two copies starting at once where nothing was unpacked yet', async () => {
    rmSync(buildDir(), { recursive: true });
    const [a, b] = await Promise.all([runExe(['--version']), runExe(['--version'])]);
    expect([a!.stdout, b!.stdout]).toEqual([`objscope ${VERSION}\n`, `objscope ${VERSION}\n`]);
    expect([a!.stderr, b!.stderr]).toEqual(['', '']);
    buildDir();
    noLeftovers();
    await answersTheCli();
  });
});

describe('objscope.exe start-up failures are one line that names the fix', () => {
  it('a cache folder that cannot be created names it and OBJSCOPE_EXE_CACHE', async () => {
    const blocker = join(work, 'not-a-folder');
    writeFileSync(blocker, '');
    const r = await runExe(['--version'], { OBJSCOPE_EXE_CACHE: harness.toWindowsPath(join(blocker, 'cache')) });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^objscope: cannot create .*not-a-folder.*; set OBJSCOPE_EXE_CACHE to a writable folder\n$/);
  });

  it('files of the right size with the wrong bytes: the start names the folder and says to delete it', async () => {
    // Same-size damage passes the cheap check by design (no hashing on every start); the start
    // that then fails must still say where the fix is.
    const dir = buildDir();
    writeFileSync(file('boot.cjs'), '}'.repeat(statSync(file('boot.cjs')).size));
    const r = await runExe(['--version']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/^objscope: cannot start from .*; delete that folder and start again\n$/);
    expect(r.stderr).toContain(dir.split(/[\\/]/).pop());
    // Deleting it, as told, is the fix.
    rmSync(dir, { recursive: true });
    mkdirSync(cacheBase(), { recursive: true });
    await answersTheCli();
  });

  for (const args of [['--frobnicate'], ['--snapshot', 'F', 'ls']]) {
    it(`a bad option before the command (${args.join(' ')}): exit 2 and one line`, async () => {
      const r = await runExe(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr).toMatch(/^objscope: /);
    });
  }
});
