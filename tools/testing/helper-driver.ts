// One driver for the native Wine test helpers (tools/native/*helper.c, helper-common.h): start
// the .exe with `--dir DIR`, wait for DIR\ready (or DIR\error, or its exit), read
// DIR\manifest.json, send commands as DIR\command and wait for the files that answer them, and
// stop it (politely with `exit`, then by force) removing DIR. The zombie and hold helpers'
// drivers are thin layers on this.
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { windows as harness, type WindowsProcess as WineProcess } from './windows';

export async function waitFor(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface NativeHelper<M> {
  dir: string;
  proc: WineProcess;
  manifest: M;
  /** Writes a command without waiting for its effect (for callbacks that cannot await). */
  send(cmd: string): void;
  /** Sends `cmd` and waits until the helper writes DIR\answer. */
  command(cmd: string, answer: string): Promise<void>;
  /** Asks the helper to exit and waits for it: every handle it held is gone afterwards. */
  exit(): Promise<void>;
  /** Ends the helper however it is doing (politely, then by force) and removes its folder. */
  stop(): Promise<void>;
}

export interface NativeHelperOptions {
  /** How long the helper may take to get ready. */
  readyMs?: number;
}

/** Starts tools/native/`name`.c's program with `--dir DIR ...args` and waits for its manifest. */
/**
 * Writes DIR\command whole or not at all. The helper polls for the file every 20 ms, reads it
 * and deletes it; written in place, it can be opened between its creation and the write, read
 * empty and deleted, and the command is lost (under load, the driver then timed out waiting for
 * the answer while the helper answered the next command at once). A rename within the folder is
 * atomic, so the helper sees no file or the whole command.
 */
function writeCommand(dir: string, cmd: string): void {
  const tmp = join(dir, 'command.tmp');
  writeFileSync(tmp, cmd);
  renameSync(tmp, join(dir, 'command'));
}

export async function startNativeHelper<M>(name: string, args: string[], opts: NativeHelperOptions = {}): Promise<NativeHelper<M>> {
  const dir = mkdtempSync(join(tmpdir(), `objscope-${name}-`));
  const proc = harness.spawnExe(harness.nativeExe(name), ['--dir', harness.toWindowsPath(dir), ...args]);
  const file = (f: string) => join(dir, f);
  const stop = async () => {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      writeCommand(dir, 'exit');
      await Promise.race([proc.wait(), new Promise((r) => setTimeout(r, 5_000))]);
      await proc.kill('SIGKILL');
    }
    proc.cleanup();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(name, () => existsSync(file('ready')) || existsSync(file('error')) || proc.child.exitCode !== null, opts.readyMs ?? 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  if (!existsSync(file('ready'))) {
    // The exit code and signal say which way it went when the helper left no error file and
    // nothing on stderr (once in a clean run: a write_file that failed returns 5; a signal means
    // something outside killed it).
    const { exitCode, signalCode } = proc.child;
    const how = exitCode !== null ? `exit code ${exitCode}` : signalCode !== null ? `signal ${signalCode}` : 'still running';
    const why = existsSync(file('error')) ? readFileSync(file('error'), 'utf8') : proc.readStderr().trim() || '(no error file, empty stderr)';
    await stop();
    throw new Error(`${name} failed (${how}): ${why}`);
  }
  const manifest = JSON.parse(readFileSync(file('manifest.json'), 'utf8')) as M;
  const send = (cmd: string) => writeCommand(dir, cmd);
  return {
    dir,
    proc,
    manifest,
    send,
    async command(cmd, answer) {
      send(cmd);
      await waitFor(cmd, () => existsSync(file(answer)));
    },
    async exit() {
      send('exit');
      await proc.wait();
    },
    stop,
  };
}
