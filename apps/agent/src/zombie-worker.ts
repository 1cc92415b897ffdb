// The agent's zombie scans, off the main thread and shared. scanZombies() is thousands of
// synchronous ntdll calls (0.2-0.9 s for 500-2,000 zombies under Wine): run on the event loop
// it stalls every HTTP request, SSE stream and subscription. So it runs in one long-lived
// worker thread (dist/zombie-worker.mjs, bundled next to dist/objscope.mjs), and callers that
// arrive while a scan is running get that scan instead of queueing another one.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ZombieReport } from '@objscope/core';

export interface ZombieWorkerRequest {
  id: number;
}

/** `ready` (id 0) once the worker's bundle has loaded; then one reply per request. */
export type ZombieWorkerReply =
  | { id: number; kind: 'ready' }
  | { id: number; kind: 'report'; report: ZombieReport }
  /** ZombieScanError: no handle table at all, which callers see as "no zombie data" (null). */
  | { id: number; kind: 'unavailable'; message: string }
  | { id: number; kind: 'error'; message: string };

/** The worker bundle's file name; build.mjs writes it next to the agent bundle. */
const ZOMBIE_WORKER_FILE = 'zombie-worker.mjs';

export interface ZombieScannerOptions {
  /** The worker script; by default the bundle beside this module (dist/zombie-worker.mjs). */
  workerUrl?: URL;
  /** Where the one-time "scanning on the main thread" note goes; stderr by default. */
  onNote?: (note: string) => void;
}

interface Pending {
  resolve: (r: ZombieReport | null) => void;
  reject: (e: Error) => void;
}

async function scanInThread(): Promise<ZombieReport | null> {
  const { scanZombies, ZombieScanError } = await import('@objscope/nt');
  try {
    return scanZombies();
  } catch (e) {
    if (e instanceof ZombieScanError) return null;
    throw e;
  }
}

export class ZombieScanner {
  private readonly workerUrl: URL;
  private readonly onNote: (note: string) => void;
  private started: Promise<Worker> | null = null;
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private running: Promise<ZombieReport | null> | null = null;
  private fallback: string | null = null;
  /** Scans actually run (shared calls count once). */
  scansRun = 0;
  /** Workers started, including restarts after one died. */
  workerStarts = 0;

  constructor(opts: ZombieScannerOptions = {}) {
    this.workerUrl = opts.workerUrl ?? new URL(`./${ZOMBIE_WORKER_FILE}`, import.meta.url);
    this.onNote = opts.onNote ?? ((note) => process.stderr.write(`${note}\n`));
  }

  /** Why scans run on the main thread, or null while the worker is used. */
  get fallbackReason(): string | null {
    return this.fallback;
  }

  /** The live worker's threadId (null when none is running), to tell a restart apart. */
  get workerThreadId(): number | null {
    return this.worker?.threadId ?? null;
  }

  /**
   * A fresh scan, or the one already running. Nothing is kept after it settles, so a call
   * made after a scan finished (say after closing handles) always sees the current state.
   */
  scan(): Promise<ZombieReport | null> {
    this.running ??= this.runOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops the worker (the next scan starts another). */
  async close(): Promise<void> {
    const w = this.worker;
    if (w) await w.terminate();
  }

  private async runOnce(): Promise<ZombieReport | null> {
    this.scansRun++;
    if (this.fallback === null) {
      let worker: Worker | null = null;
      try {
        worker = await this.start();
      } catch (e) {
        this.fallback = e instanceof Error ? e.message : String(e);
        this.onNote(
          `objscope: zombie scans run on the main thread, which serves nothing while one runs: cannot start the scan worker (${this.fallback})`,
        );
      }
      if (worker) return this.request(worker);
    }
    return scanInThread();
  }

  private request(w: Worker): Promise<ZombieReport | null> {
    return new Promise((resolve, reject) => {
      // It may have exited since it said ready; a message to it then would go nowhere.
      if (this.worker !== w) {
        reject(new Error('the zombie scan worker stopped before the scan; the next scan starts a new one'));
        return;
      }
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      // Referenced only while a scan is owed: a one-shot command (snapshot) must not exit
      // under the worker, and an idle worker must never keep the process alive.
      w.ref();
      w.postMessage({ id } satisfies ZombieWorkerRequest);
    });
  }

  private start(): Promise<Worker> {
    this.started ??= new Promise<Worker>((resolve, reject) => {
      if (this.workerUrl.protocol === 'file:' && !existsSync(fileURLToPath(this.workerUrl))) {
        throw new Error(`${fileURLToPath(this.workerUrl)} is missing (npm run build -w @objscope/agent builds it)`);
      }
      const w = new Worker(this.workerUrl);
      this.workerStarts++;
      let ready = false;
      let gone = false;
      const died = (why: string) => {
        if (gone) return;
        gone = true;
        if (this.worker === w) this.worker = null;
        this.started = null;
        if (!ready) reject(new Error(why));
        for (const p of this.pending.values()) p.reject(new Error(`the zombie scan worker stopped (${why}); the next scan starts a new one`));
        this.pending.clear();
      };
      w.on('message', (m: ZombieWorkerReply) => {
        if (m.kind === 'ready') {
          ready = true;
          this.worker = w;
          resolve(w);
          return;
        }
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (this.pending.size === 0) w.unref();
        if (m.kind === 'report') p.resolve(m.report);
        else if (m.kind === 'unavailable') p.resolve(null);
        else p.reject(new Error(`zombie scan failed: ${m.message}`));
      });
      w.on('error', (e) => died(e instanceof Error ? e.message : String(e)));
      w.on('exit', (code) => died(`exit code ${code}`));
    });
    return this.started;
  }
}
