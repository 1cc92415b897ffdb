// A Wine prefix populated with `count` objects by tools/native/objhelper.c (`populate`), for the
// benches that measure a walk or a capture over a namespace of a known size (bench/walk.mjs,
// bench/snapshot.mjs). One place for starting the helper, waiting for it and ending it.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts objhelper populating `\BaseNamedObjects\<name>-<pid>` and resolves once the objects
 * exist (its `ready` file). `dir` is the helper's folder (free for the caller's files too);
 * `stop()` ends the helper and removes the folder.
 * @param {any} harness tools/wine/harness.mjs, already set up
 * @param {{ name: string, count: number, timeoutMs?: number }} opts
 * @returns {Promise<{ dir: string, root: string, manifest: { objects: number, directories: number, [key: string]: any }, stop: () => Promise<void> }>}
 */
export async function populatePrefix(harness, { name, count, timeoutMs = 600_000 }) {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  const root = `\\BaseNamedObjects\\${name}-${process.pid}`;
  const helper = harness.spawnExe(harness.nativeExe('objhelper'),
    ['populate', '--root', root, '--dir', harness.toWindowsPath(dir), '--count', String(count), '--max-seconds', '3600'],
    { outDir: join(dir, 'out') });
  /** @type {string | null} */
  let exited = null;
  helper.wait().then((r) => { exited = `objhelper exited ${r.code}: ${helper.readStderr()}`; });
  const stop = async () => {
    if (!exited) {
      appendFileSync(join(dir, 'commands.txt'), '1 exit\n');
      await Promise.race([helper.wait(), new Promise((r) => setTimeout(r, 5000))]);
      await helper.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const end = Date.now() + timeoutMs;
    while (!existsSync(join(dir, 'ready'))) {
      if (exited) throw new Error(`objhelper populate: ${exited}`);
      if (Date.now() > end) throw new Error('objhelper populate: timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
    return { dir, root, manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
