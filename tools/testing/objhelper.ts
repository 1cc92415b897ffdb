// Drives tools/native/objhelper.exe: a Windows process in the test prefix that creates named
// objects, keeps their handles open, describes them in a manifest and accepts live commands
// (see tools/native/README.md). Named objects live only as long as a handle, so the helper
// must outlive the assertions: call stop() in afterAll.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { windows as harness } from './windows';

export interface ManifestObject {
  path: string;
  name: string;
  type: string;
  target: string | null;
  /** Expected type-specific state, for the objects that have one. */
  state?: Record<string, unknown>;
}

interface Manifest {
  mode: 'serve';
  /** Windows PID of the helper. */
  pid: number;
  root: string;
  big: { path: string; count: number };
  denied: { path: string; setSecurityStatus: number; openStatus: number; enforced: boolean; hidden: string[] };
  links: { toObject: string; chain: string; toDirectory: string; dangling: string; loopA: string; loopB: string };
  hostile: string[];
  /** Everything under `root` that a listing can see, in creation order (the root excluded). */
  objects: ManifestObject[];
}

export interface HelperOptions {
  /** Entries in the big directory (default 3000). */
  big?: number;
  /** Readable part of the root directory's name. */
  label?: string;
}

export interface ObjHelper {
  manifest: Manifest;
  root: string;
  dir: string;
  /** Sends one command line (without the id); resolves with the reply ("ok" or "error ..."). */
  command(line: string): Promise<string>;
  create(type: string, path: string, target?: string): Promise<string>;
  remove(path: string): Promise<string>;
  setEvent(path: string): Promise<string>;
  resetEvent(path: string): Promise<string>;
  stop(): Promise<void>;
}

async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined, failed?: () => string | null): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    const why = failed?.();
    if (why) throw new Error(`${what}: ${why}`);
    if (Date.now() > end) throw new Error(`${what}: timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A unique directory under \BaseNamedObjects (Wine's global one; see tools/native/README.md). */
function uniqueRoot(label: string): string {
  return `\\BaseNamedObjects\\objscope-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function startObjHelper(opts: HelperOptions = {}): Promise<ObjHelper> {
  const dir = mkdtempSync(join(tmpdir(), 'objhelper-'));
  const root = uniqueRoot(opts.label ?? 'test');
  const proc = harness.spawnExe(
    harness.nativeExe('objhelper'),
    ['serve', '--root', root, '--dir', harness.toWindowsPath(dir), '--big', String(opts.big ?? 3000), '--max-seconds', '900'],
    { outDir: join(dir, 'out') },
  );
  let exited: string | null = null;
  void proc.wait().then((r) => {
    exited = `objhelper exited (code ${r.code}, signal ${r.signal}): ${proc.readStderr().trim()}`;
  });
  await until('objhelper ready', 60_000, () => (existsSync(join(dir, 'ready')) ? true : undefined), () => exited);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

  let nextId = 1;
  const command = async (line: string): Promise<string> => {
    const id = String(nextId++);
    appendFileSync(join(dir, 'commands.txt'), `${id} ${line}\n`);
    return until(`objhelper command ${JSON.stringify(line)}`, 20_000, () => {
      const file = join(dir, 'responses.txt');
      if (!existsSync(file)) return undefined;
      const hit = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`${id} `));
      return hit === undefined ? undefined : hit.slice(id.length + 1);
    }, () => exited);
  };

  return {
    manifest,
    root,
    dir,
    command,
    create: (type, path, target) =>
      command(`create ${type} ${JSON.stringify(path)}${target === undefined ? '' : ` ${JSON.stringify(target)}`}`),
    remove: (path) => command(`delete ${JSON.stringify(path)}`),
    setEvent: (path) => command(`set ${JSON.stringify(path)}`),
    resetEvent: (path) => command(`reset ${JSON.stringify(path)}`),
    async stop() {
      if (!exited) {
        await Promise.race([command('exit').catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]);
        await Promise.race([proc.wait(), new Promise((r) => setTimeout(r, 5_000))]);
        await proc.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The hostile names objhelper creates directly under its root, as the spec lists them. */
export const HOSTILE_NAMES: readonly string[] = [
  'nul\0inside',
  '__proto__',
  'constructor',
  'toString',
  'a/b',
  '<img src=x onerror=alert(1)>',
  'emoji \u{1F600}\u{1F9EA}',
  'trailing space ',
  ' leading space',
  '..',
  'quote"and\'apos',
  'line\nbreak\ttab',
  '%s%n%x',
  'lone \uD800 surrogate',
  `long-${Array.from({ length: 235 }, (_, i) => String.fromCharCode(97 + ((i + 5) % 26))).join('')}`,
  '<dir a/b> \u{1F600}',
];
