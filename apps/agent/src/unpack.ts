// objscope.exe's unpacked files (see sea-main.ts): one folder per build under a per-user cache,
// checked on every start and healed when it fails the check. Real machines damage it: antivirus
// quarantine empties or removes a file, a full disk truncates one, a start killed while
// unpacking leaves a half-written temporary folder behind. None of that may turn into a start
// that exits silently, a raw stack trace, or advice to change a folder that is writable.
//
// The check must be cheap (it runs on every start): the folder's completion record (the build's
// id, written last) and every file's size against the payload's list. It does not hash the
// contents: a same-size corruption is left to the start itself, whose failure names the folder.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

/** One payload file, as the payload's header and the `files.json` asset list it. */
export interface PayloadFile {
  path: string;
  size: number;
}

export interface Build {
  /** `<version>-<content hash>`: the folder's name and the completion record's content. */
  id: string;
  files: readonly PayloadFile[];
  /** The decompressed payload (4-byte header length, JSON header, the files' bytes in order);
   * called only when the folder has to be (re)written. */
  payload: () => Buffer;
  /** The payload's SHA-256 (hex): checked once per unpack, so a damaged .exe (a truncated
   * download that still starts) never leaves a folder that later starts would trust. */
  sha256?: string;
}

/** Written last into a completed unpack: a folder without it (or naming another build) never
 * completed, whatever files it holds. */
export const COMPLETE_FILE = '.objscope-build';
/** Temporary folders: an unpack in progress, a damaged folder on its way out, a start's lock. */
const WORK_PREFIX = '.unpack-';
const ASIDE_PREFIX = '.damaged-';
const LOCK_PREFIX = '.lock-';
/** A temporary folder older than this belongs to a start that died (an unpack takes about a
 * second); younger, it may be another start's work in progress. */
export const LEFTOVER_AGE_MS = 60_000;
/** How long a start waits for another one that is unpacking the same build. */
const LOCK_WAIT_MS = 120_000;

/** A failure healing cannot fix; the message is one line that names what to do. */
export class UnpackError extends Error {}

/** Why `dir` is not a complete unpack of `build`, or null when it is. */
export function checkFolder(dir: string, build: Build): string | null {
  let record: string;
  try {
    record = readFileSync(join(dir, COMPLETE_FILE), 'utf8').trim();
  } catch {
    return existsSync(dir) ? 'its unpack never completed' : 'it is missing';
  }
  if (record !== build.id) return `it holds build ${JSON.stringify(record.slice(0, 80))}`;
  for (const f of build.files) {
    const st = statSync(join(dir, ...f.path.split('/')), { throwIfNoEntry: false });
    if (!st?.isFile()) return `${f.path} is missing`;
    if (st.size !== f.size) return `${f.path} is ${st.size} bytes instead of ${f.size}`;
  }
  return null;
}

function sleep(ms: number): void {
  // A synchronous wait: the start has nothing else to do, and sea-main runs before any event loop work.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function ageMs(path: string, now: number): number | null {
  const st = statSync(path, { throwIfNoEntry: false });
  return st ? now - st.mtimeMs : null;
}

/** Removes temporary folders and locks left by starts that died (killed, out of disk) a while ago. */
export function removeLeftovers(base: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return;
  }
  for (const name of names) {
    if (![WORK_PREFIX, ASIDE_PREFIX, LOCK_PREFIX].some((prefix) => name.startsWith(prefix))) continue;
    const p = join(base, name);
    const age = ageMs(p, now);
    if (age !== null && age > LEFTOVER_AGE_MS) rmSync(p, { recursive: true, force: true });
  }
}

/** The build's payload, decompressed and checked against its SHA-256 when the build has one. */
function readPayload(build: Build): Buffer {
  const damaged = (why: string) => new UnpackError(`the program files inside ${process.execPath} are damaged (${why}); download objscope.exe again`);
  let payload: Buffer;
  try {
    payload = build.payload();
  } catch (e) {
    throw damaged(`they do not decompress: ${fsCode(e)}`);
  }
  if (build.sha256 !== undefined && createHash('sha256').update(payload).digest('hex') !== build.sha256) throw damaged("their SHA-256 is not the build's");
  return payload;
}

function writePayload(payload: Buffer, into: string): void {
  const headerLength = payload.readUInt32LE(0);
  const header = JSON.parse(payload.toString('utf8', 4, 4 + headerLength)) as { files: PayloadFile[] };
  let at = 4 + headerLength;
  const root = resolve(into);
  for (const f of header.files) {
    const target = resolve(root, f.path);
    // The payload is ours, but a path escaping the folder would still be a bug worth a stop.
    if (!target.startsWith(root + sep)) throw new Error(`payload path ${JSON.stringify(f.path)} leaves the folder`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, payload.subarray(at, at + f.size));
    at += f.size;
  }
}

/** Whether the process that wrote a lock is gone: then its lock is stale at once, not after a minute. */
function holderGone(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    return false;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    // Signal 0 only asks whether the process exists (on Windows: opens it, reads its exit code
    // and closes the handle at once).
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function fsCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/**
 * Takes the build's lock (a folder: creating one is atomic on every file system), or returns
 * false when, while waiting, another start completed a good folder. A lock whose holder died,
 * or that is older than a minute, is broken.
 */
function takeLock(lock: string, dir: string, build: Build): boolean {
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (checkFolder(dir, build) === null) return false;
    const age = ageMs(lock, Date.now());
    if (age !== null && (age > LEFTOVER_AGE_MS || holderGone(lock))) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > until) throw new UnpackError(`another objscope has been unpacking into ${dir} for ${LOCK_WAIT_MS / 1000} s; delete ${lock} and start again`);
    sleep(100);
  }
}

/**
 * The folder holding `build`'s files under `base`, checked and, when it fails the check,
 * replaced by a fresh unpack: written into a private temporary folder with its completion
 * record last, then renamed into place, so no start ever sees a half-written folder. Starts of
 * the same build take turns through a lock, so two of them healing at once cannot move each
 * other's fresh folder away.
 */
export function ensureUnpacked(base: string, build: Build): string {
  const dir = join(base, build.id);
  if (checkFolder(dir, build) === null) {
    removeLeftovers(base);
    return dir;
  }
  try {
    mkdirSync(base, { recursive: true });
  } catch (e) {
    throw new UnpackError(`cannot create ${base} (${fsCode(e)}); set OBJSCOPE_EXE_CACHE to a writable folder`);
  }
  removeLeftovers(base);
  const lock = join(base, `${LOCK_PREFIX}${build.id}`);
  let locked: boolean;
  try {
    locked = takeLock(lock, dir, build);
  } catch (e) {
    if (e instanceof UnpackError) throw e;
    throw new UnpackError(`cannot write in ${base} (${fsCode(e)}); set OBJSCOPE_EXE_CACHE to a writable folder`);
  }
  if (!locked) return dir;
  let work: string | null = null;
  let aside: string | null = null;
  try {
    // Checked again under the lock: the start that held it before may have healed the folder.
    const damage = checkFolder(dir, build);
    if (damage === null) return dir;
    const payload = readPayload(build);
    try {
      work = mkdtempSync(join(base, WORK_PREFIX));
      writePayload(payload, work);
      writeFileSync(join(work, COMPLETE_FILE), `${build.id}\n`);
    } catch (e) {
      throw new UnpackError(`cannot unpack the program files into ${base} (${fsCode(e)}); free some space, or set OBJSCOPE_EXE_CACHE to a writable folder`);
    }
    if (existsSync(dir)) {
      // A folder cannot be renamed over another: the damaged one moves aside first (atomic too).
      aside = mkdtempSync(join(base, ASIDE_PREFIX));
      try {
        renameSync(dir, join(aside, 'old'));
      } catch (e) {
        throw new UnpackError(`the program files in ${dir} are damaged (${damage}) and cannot be replaced (${fsCode(e)}, another objscope may be using them); close it, delete that folder and start again`);
      }
    }
    try {
      renameSync(work, dir);
      work = null;
    } catch (e) {
      throw new UnpackError(`cannot put the program files in place at ${dir} (${fsCode(e)}); delete that folder and start again`);
    }
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
    if (aside) rmSync(aside, { recursive: true, force: true });
    rmSync(lock, { recursive: true, force: true });
  }
  const still = checkFolder(dir, build);
  if (still !== null) throw new UnpackError(`the program files in ${dir} are damaged (${still}) right after unpacking; delete that folder and start again`);
  return dir;
}
