// A snapshot file opened in the page survives a reload of that tab (#22 item 3): WinObj users
// press F5 and Ctrl+R by habit, and losing a dropped file to it sends them back to the file
// picker. The file's bytes go to IndexedDB under a key only this tab knows (sessionStorage, so a
// new tab starts from the agent as before); where they cannot be kept (too big, storage refused
// or unavailable) the page asks before a reload drops the snapshot instead.

const DB = 'objscope';
const STORE = 'opened-snapshots';
const TAB_KEY = 'objscope.opened-snapshot';
/** Larger files are not copied into the browser's storage; the page asks before unloading instead. */
const KEEP_LIMIT_BYTES = 64 * 1024 * 1024;
/** Entries of tabs closed long ago are dropped when a new one is kept. */
const STALE_MS = 7 * 24 * 3600 * 1000;

interface Kept {
  key: string;
  name: string;
  bytes: Uint8Array;
  savedAt: number;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = run(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

async function pruneStale(now: number): Promise<void> {
  const db = await openDb();
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      const cursor = tx.objectStore(STORE).openCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c) return;
        if ((c.value as Kept).savedAt < now - STALE_MS) c.delete();
        c.continue();
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB prune failed'));
    });
  } finally {
    db.close();
  }
}

let askBeforeUnload: ((e: BeforeUnloadEvent) => void) | null = null;

function setAskBeforeUnload(on: boolean): void {
  if (askBeforeUnload) window.removeEventListener('beforeunload', askBeforeUnload);
  askBeforeUnload = null;
  if (!on) return;
  askBeforeUnload = (e) => {
    e.preventDefault();
    // Older Chromium shows the dialog only when returnValue is set.
    e.returnValue = '';
  };
  window.addEventListener('beforeunload', askBeforeUnload);
}

/**
 * Keeps a snapshot opened in the page for a reload of this tab. `bytes` null (a snapshot that
 * exists only decoded, e.g. one side of a comparison) cannot be kept: the page asks instead.
 * Resolves to whether it was kept.
 */
export async function keepOpened(name: string, bytes: Uint8Array | null): Promise<boolean> {
  try {
    if (!bytes || bytes.byteLength > KEEP_LIMIT_BYTES) throw new Error('not kept');
    const key = sessionStorage.getItem(TAB_KEY) ?? crypto.randomUUID();
    const now = Date.now();
    const entry: Kept = { key, name, bytes, savedAt: now };
    await withStore('readwrite', (s) => s.put(entry));
    sessionStorage.setItem(TAB_KEY, key);
    await pruneStale(now).catch(() => undefined);
    setAskBeforeUnload(false);
    return true;
  } catch {
    // A snapshot from an earlier open must not come back in place of this one.
    await forgetOpened();
    setAskBeforeUnload(true);
    return false;
  }
}

/** The snapshot this tab had open before a reload, if it was kept. */
export async function keptOpened(): Promise<{ name: string; bytes: Uint8Array } | null> {
  try {
    const key = sessionStorage.getItem(TAB_KEY);
    if (!key) return null;
    const entry = await withStore<Kept | undefined>('readonly', (s) => s.get(key) as IDBRequest<Kept | undefined>);
    if (!entry) return null;
    // The page keeps it again under the same key, so a second reload finds it too.
    setAskBeforeUnload(false);
    return { name: entry.name, bytes: entry.bytes };
  } catch {
    return null;
  }
}

/** Back to the agent or the shared snapshot: nothing of the opened file is kept or asked about. */
export async function forgetOpened(): Promise<void> {
  setAskBeforeUnload(false);
  try {
    const key = sessionStorage.getItem(TAB_KEY);
    sessionStorage.removeItem(TAB_KEY);
    if (key) await withStore('readwrite', (s) => s.delete(key));
  } catch {
    // Storage unavailable: there is nothing kept to remove.
  }
}
