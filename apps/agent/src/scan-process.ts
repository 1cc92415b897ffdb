// One long-lived child process for the scans that open handles into other processes (holders,
// a process's handles, zombies): #19, "looking changes nothing".
//
// Why a process and not a worker thread: handles belong to the process, not to the thread that
// opened them. A worker thread ended for its time or memory limit takes no handle with it, and a
// terminated thread never runs its finally blocks, so whatever it had duplicated (a mutex that
// then never leaves the namespace, a pipe's write end that keeps the reader from seeing EOF, an
// exited process kept a zombie) would stay open for the agent's lifetime. When a process ends,
// the kernel closes its whole handle table (WRK ps/psdelete.c PspProcessDelete ->
// ObKillProcess): the one cleanup nothing can skip. So a scan past its time limit, or one that
// crashes or runs out of its heap, is stopped by ending the process, and everything it opened
// goes with it. (A job object would not do: it limits and kills processes but closes no
// handles of a process that lives on.)
//
// Inside a job the scan still closes every handle before it answers (packages/nt/src/handles.ts,
// HandleOwners); between jobs the process holds no handle into any other process, only facts
// (names by handle), which is what keeps the second lookup cheap. A client that goes away is
// told `cancelled` at once; the job runs to its end (where it closes what it opened) or to its
// time limit (where the process is ended), so the cache survives a reload of the page.
//
// The protocol is the worker threads' (worker-pool.ts): the script sends `{ id: 0, kind:
// 'ready' }` once loaded, then answers each `{ id, ... }` with one `{ id, ... }`.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JobQueue } from './job-queue';
import { PoolError } from './pool-error';

export interface ScanProcessOptions {
  /** The child's script (an esbuild bundle beside the agent's). */
  url: URL;
  /** What the jobs are, for messages: "holder scan". */
  label: string;
  /** Jobs waiting while one runs; one more is refused as busy. */
  maxQueued: number;
  timeoutMs: number;
  /** The child's V8 heap ceiling (--max-old-space-size). */
  memoryMb: number;
}

interface Child {
  proc: ChildProcess;
  ready: Promise<void>;
}

/**
 * How V8 ends a process that ran out of heap: abort(), which is SIGABRT on POSIX and exit code 3
 * (the CRT's abort) or 134 (Node's own fatal-error exit) on Windows.
 */
function diedOfMemory(code: number | null, signal: NodeJS.Signals | null): boolean {
  return signal === 'SIGABRT' || code === 134 || code === 3;
}

/** How long a fresh scan process may take to load (Windows Node under Wine on a shared machine: seconds). */
const START_MS = 60_000;

export class ScanProcess {
  private child: Child | null = null;
  private readonly jobs: JobQueue;
  private nextId = 1;
  /** Processes started, for tests: a restart after a limit shows as one more. */
  started = 0;

  constructor(readonly opts: ScanProcessOptions) {
    this.jobs = new JobQueue({ ...opts, concurrency: 1 });
  }

  /** The live child's pid, null when none runs. */
  get pid(): number | null {
    return this.child?.proc.pid ?? null;
  }

  get active(): number {
    return this.jobs.active;
  }

  /** Ends the child (the next job starts another). */
  async close(): Promise<void> {
    const c = this.child;
    this.child = null;
    if (c) await this.end(c.proc);
  }

  private end(proc: ChildProcess): Promise<void> {
    if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      proc.once('exit', () => resolve());
      // TerminateProcess on Windows: no code of the child runs after it, and its handles close.
      proc.kill('SIGKILL');
    });
  }

  /** Runs `job` in the child; a caller that goes away is answered at once, the job runs to its end. */
  run<R extends { id: number }>(job: object, opts: { signal?: AbortSignal } = {}): Promise<R> {
    return this.jobs.submit(opts.signal, () => this.execute<R>(job), true);
  }

  private spawn(): Child | PoolError {
    if (this.child) return this.child;
    const { url, label, memoryMb } = this.opts;
    if (url.protocol === 'file:' && !existsSync(fileURLToPath(url))) {
      return new PoolError('crashed', `${label} is unavailable: ${fileURLToPath(url)} is missing (npm run build -w @objscope/agent builds it)`);
    }
    // No pipes for stdout/stderr: Windows Node under Wine cannot write to one (design.md). The
    // heap ceiling goes through NODE_OPTIONS, which objscope.exe (a single-executable app, whose
    // own arguments are not Node's) honours too; OBJSCOPE_SCAN_PROCESS tells its boot to run
    // this script rather than the CLI (scripts/package.mjs).
    const proc = fork(fileURLToPath(url), [], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      execArgv: [],
      env: {
        ...process.env,
        OBJSCOPE_SCAN_PROCESS: '1',
        NODE_OPTIONS: [process.env.NODE_OPTIONS, `--max-old-space-size=${memoryMb}`].filter(Boolean).join(' '),
      },
      serialization: 'advanced',
    });
    this.started++;
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: { id: number; kind?: string }) => {
        if (m.id !== 0 || m.kind !== 'ready') return;
        proc.off('message', onMessage);
        proc.off('exit', onExit);
        resolve();
      };
      const onExit = (code: number | null) => reject(new Error(`exit code ${code}`));
      proc.on('message', onMessage);
      proc.on('exit', onExit);
      proc.on('error', (e) => reject(e));
    });
    ready.catch(() => undefined);
    const c: Child = { proc, ready };
    this.child = c;
    proc.on('exit', () => {
      if (this.child === c) this.child = null;
    });
    return c;
  }

  private execute<R extends { id: number }>(job: object): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const { label, timeoutMs, memoryMb } = this.opts;
      const c = this.spawn();
      if (c instanceof PoolError) {
        reject(c);
        return;
      }
      const { proc, ready } = c;
      const id = this.nextId++;
      // Referenced only while a job is owed: an idle child must not keep the agent alive.
      proc.ref();
      proc.channel?.ref();
      let settled = false;
      let stopReason: PoolError | null = null;
      const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
      // The limit is the job's: it starts when the job is sent. A fresh process first has
      // START_MS to say it is ready (seconds under Wine on a busy machine).
      const overran = () => stop(new PoolError('timeout', `${label} took longer than ${limit} and was stopped`));
      let timer = setTimeout(() => stop(new PoolError('timeout', `${label} could not start within ${START_MS / 1000} s`)), Math.max(timeoutMs, START_MS));
      const onMessage = (m: { id: number }) => {
        if (m.id === id) finish(null, m as R);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        finish(
          stopReason ??
            (diedOfMemory(code, signal)
              ? new PoolError('memory', `${label} needs more than the ${memoryMb} MiB of memory the agent allows it`)
              : new PoolError('crashed', `${label} stopped unexpectedly (exit code ${code ?? signal})`)),
        );
      };
      const onError = (e: Error) => finish(new PoolError('crashed', `${label} failed: ${e.message.slice(0, 160)}`));
      const finish = (err: Error | null, value?: R) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        proc.off('message', onMessage);
        proc.off('exit', onExit);
        proc.off('error', onError);
        if (err) {
          // A child that overran a limit or failed is not trusted with the next job; ending it
          // closes every handle it had open.
          if (this.child?.proc === proc) this.child = null;
          void this.end(proc).finally(() => reject(err));
          return;
        }
        proc.unref();
        proc.channel?.unref();
        resolve(value!);
      };
      const stop = (why: PoolError) => {
        stopReason ??= why;
        finish(why);
      };
      proc.on('message', onMessage);
      proc.on('exit', onExit);
      proc.on('error', onError);
      ready.then(
        () => {
          if (settled) return;
          clearTimeout(timer);
          timer = setTimeout(overran, timeoutMs);
          proc.send({ ...job, id });
        },
        (e: unknown) => finish(new PoolError('crashed', `${label} is unavailable: ${e instanceof Error ? e.message : String(e)}`)),
      );
    });
  }
}
