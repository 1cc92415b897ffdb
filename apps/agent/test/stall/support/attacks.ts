// The availability attacks of issue 12, shared by the stall suite (apps/agent/test/stall) and
// `npm run bench -- stall`. Each runs against a real agent process (the built CLI in share mode,
// over a 200,000-object synthetic snapshot) on loopback, while a second client asks for
// `source.info` over and over: the agent passes when that client keeps getting answers while the
// attack is still going on, and its resident memory stays bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setMaxListeners } from 'node:events';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeSnapshot, type Snapshot, type SnapshotNode } from '@objscope/core';
import { synthesizeSnapshot } from '@objscope/core/testing';

const AGENT_BUNDLE = join(import.meta.dirname, '..', '..', '..', 'dist', 'objscope.mjs');

/** The shared snapshot: 200,000 objects, a 50,000-entry `\Big`, and `\LongNames` (below). */
const STALL_OBJECTS = 200_000;
/** Names at the snapshot format's length limit (32,767) less a few, as in the issue. */
const LONG_NAME_LENGTH = 32_760;
const LONG_NAMES = 300;

function stallSnapshot(): Snapshot {
  const snap = synthesizeSnapshot({ objects: STALL_OBJECTS, bigDirectoryEntries: 50_000, seed: 12 });
  const long: SnapshotNode = { name: 'LongNames', type: 'Directory', target: null, error: null, children: [] };
  for (let i = 0; i < LONG_NAMES; i++) {
    const head = `long-${String(i).padStart(4, '0')}-`;
    long.children!.push({ name: head + 'x'.repeat(LONG_NAME_LENGTH - head.length), type: 'Event', target: null, error: null });
  }
  snap.root.children!.push(long);
  snap.meta.objectCount += LONG_NAMES + 1;
  return snap;
}

/** Writes the shared snapshot file once into a fresh temporary folder. */
export function writeStallSnapshot(): { file: string; dir: string; bytes: number } {
  const dir = mkdtempSync(join(tmpdir(), 'objscope-stall-'));
  const file = join(dir, 'shared.objscope.gz');
  const data = encodeSnapshot(stallSnapshot());
  writeFileSync(file, data);
  return { file, dir, bytes: data.length };
}

// ---------------------------------------------------------------------------------------------
// The agent under attack

export interface AgentProcess {
  pid: number;
  port: number;
  host: string;
  /** Resident set size now, in MiB (threads included: they share the process). */
  rssMb(): number;
  /** Peak resident size since the last resetPeak() (VmHWM), in MiB. */
  peakMb(): number;
  /** Restarts the peak count (Linux clear_refs 5); false when the kernel refuses. */
  resetPeak(): boolean;
  alive(): boolean;
  stderr(): string;
  stop(): Promise<void>;
}

function statusKb(pid: number, field: string): number {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

export async function startAgentProcess(file: string, opts: { timeoutMs?: number; bundle?: string } = {}): Promise<AgentProcess> {
  const bundle = opts.bundle ?? AGENT_BUNDLE;
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: npm run build -w @objscope/agent`);
  const child: ChildProcess = spawn(process.execPath, [bundle, '--share', file, '--host', '127.0.0.1', '--port', '0', '--no-open'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', CI: '1' },
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (s: string) => {
    // Refusals are logged one line each; keep the tail only.
    err = (err + s).slice(-20_000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the agent did not start within ${opts.timeoutMs ?? 60_000} ms: ${err}`)), opts.timeoutMs ?? 60_000);
    child.stdout!.on('data', (s: string) => {
      out += s;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the agent exited (${code}) before listening: ${err}`));
    });
  });
  const pid = child.pid!;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid,
    port,
    host: '127.0.0.1',
    rssMb: () => statusKb(pid, 'VmRSS') / 1024,
    peakMb: () => statusKb(pid, 'VmHWM') / 1024,
    resetPeak: () => {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export function removeStallFiles(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers (raw, so the attacks can do what no fetch layer would: never read, pipeline)

function headers(agent: AgentProcess): Record<string, string> {
  return { Host: `${agent.host}:${agent.port}` };
}

function trpcInput(input: unknown): string {
  return encodeURIComponent(JSON.stringify({ json: input }));
}

export interface Answer {
  status: number;
  body: string;
}

/** One request on its own connection; the body is read whole (capped at `maxBody` bytes kept). */
export function ask(
  agent: AgentProcess,
  opts: { method?: string; path: string; body?: string | Buffer; contentType?: string; maxBody?: number; signal?: AbortSignal },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const h: Record<string, string> = headers(agent);
    if (opts.body !== undefined) {
      h['Content-Type'] = opts.contentType ?? 'application/json';
      h['Content-Length'] = String(Buffer.byteLength(opts.body));
    }
    const req = httpRequest(
      { host: agent.host, port: agent.port, method: opts.method ?? 'GET', path: opts.path, headers: h, setHost: false, agent: false, signal: opts.signal },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (c: Buffer) => {
          if (kept < (opts.maxBody ?? 1 << 20)) {
            chunks.push(c);
            kept += c.length;
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------
// The probing client

interface ProbeStats {
  /** Probes answered 200 with the shared snapshot's source info. */
  answered: number;
  /** Probes that failed (an error status, a wrong body, a connection error). */
  errors: string[];
  latencies: number[];
  /** The slowest probe, including one still unanswered when the probing stopped. */
  worstMs: number;
}

interface Prober {
  readonly answered: number;
  /** Resolves once `n` probes have been answered since the prober started. */
  reached(n: number): Promise<void>;
  stop(): Promise<ProbeStats>;
}

/** Asks `source.info` again as soon as each answer arrives (after `gapMs`), on new connections. */
function startProber(agent: AgentProcess, gapMs = 20): Prober {
  const stats: ProbeStats = { answered: 0, errors: [], latencies: [], worstMs: 0 };
  let stopped = false;
  let inFlightSince: number | null = null;
  const waiters: { n: number; resolve: () => void }[] = [];
  const controller = new AbortController();
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      inFlightSince = t0;
      try {
        const r = await ask(agent, { path: `/trpc/source.info?input=${trpcInput(undefined)}`, signal: controller.signal });
        const ms = performance.now() - t0;
        stats.latencies.push(ms);
        stats.worstMs = Math.max(stats.worstMs, ms);
        if (r.status === 200 && r.body.includes('"kind":"share"')) stats.answered++;
        else stats.errors.push(`HTTP ${r.status}: ${r.body.slice(0, 200)}`);
      } catch (e) {
        if (!stopped) stats.errors.push(e instanceof Error ? e.message : String(e));
      }
      inFlightSince = null;
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (stats.answered >= waiters[i]!.n) {
          waiters[i]!.resolve();
          waiters.splice(i, 1);
        }
      }
      if (gapMs > 0 && !stopped) await new Promise((r) => setTimeout(r, gapMs));
    }
  })();
  return {
    get answered() {
      return stats.answered;
    },
    reached(n: number) {
      if (stats.answered >= n) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ n, resolve }));
    },
    async stop() {
      stopped = true;
      if (inFlightSince !== null) stats.worstMs = Math.max(stats.worstMs, performance.now() - inFlightSince);
      controller.abort();
      await loop;
      return stats;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The attacks

export interface AttackOutcome {
  /** Requests the attack sent. */
  sent: number;
  /** Status code -> count of the answers it got. */
  statuses: Map<number, number>;
  /** A few distinct error messages the agent gave, to check that refusals say why. */
  messages: Set<string>;
  /** Requests that ended without any answer (connection reset, closed by the agent). */
  dropped: number;
}

interface RunningAttack {
  stop(): Promise<AttackOutcome>;
}

export interface Attack {
  id: string;
  /** The row of the table. */
  title: string;
  start(agent: AgentProcess): RunningAttack;
}

function outcome(): AttackOutcome {
  return { sent: 0, statuses: new Map(), messages: new Set(), dropped: 0 };
}

function record(o: AttackOutcome, a: Answer): void {
  o.statuses.set(a.status, (o.statuses.get(a.status) ?? 0) + 1);
  if (a.status !== 200 && o.messages.size < 8) {
    const m = /"message":"((?:[^"\\]|\\.)*)"/.exec(a.body);
    o.messages.add(m ? JSON.parse(`"${m[1]}"`) as string : a.body.slice(0, 200));
  }
}

/** Sends `make()` over and over on `parallel` connections until stopped. */
function repeating(agent: AgentProcess, parallel: number, make: () => Parameters<typeof ask>[1]): RunningAttack {
  const o = outcome();
  let stopped = false;
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const lanes = Array.from({ length: parallel }, async () => {
    while (!stopped) {
      o.sent++;
      try {
        record(o, await ask(agent, { ...make(), signal: controller.signal, maxBody: 4096 }));
      } catch {
        if (!stopped) o.dropped++;
        // A refused connection must not spin: the agent may be restarting or gone.
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });
  return {
    async stop() {
      stopped = true;
      controller.abort();
      await Promise.all(lanes);
      return o;
    },
  };
}

/** A gzip "snapshot" whose JSON text is `[[],[],…]`, `mib` MiB of it: tiny on the wire. */
export function arrayBomb(mib: number): Buffer {
  const total = mib * 1024 * 1024;
  const unit = Buffer.from('[],'.repeat(1 << 16));
  const parts: Buffer[] = [Buffer.from('[')];
  let size = 1;
  while (size + unit.length + 3 < total) {
    parts.push(unit);
    size += unit.length;
  }
  parts.push(Buffer.from('[]]'));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

const bombs = new Map<string, string>();
function bombBody(mib: number, lying: boolean): string {
  const key = `${mib}${lying ? '-lying' : ''}`;
  let body = bombs.get(key);
  if (!body) {
    const gz = arrayBomb(mib);
    // A trailer that claims 1,000 bytes: no shortcut can refuse it, the loader must inflate
    // until its count passes the limit.
    if (lying) gz.writeUInt32LE(1000, gz.length - 4);
    const b64 = gz.toString('base64');
    body = JSON.stringify({ json: { a: b64, b: b64 } });
    bombs.set(key, body);
  }
  return body;
}

function diffBomb(mib: number, lying = false): Attack {
  return {
    id: `diff-bomb-${mib}${lying ? '-lying-trailer' : ''}`,
    title: `snapshot.diff of an upload that decompresses to ${mib} MiB of [],[],…${lying ? ' (gzip trailer claiming 1,000 bytes)' : ''}`,
    start: (agent) => repeating(agent, 2, () => ({ method: 'POST', path: '/trpc/snapshot.diff', body: bombBody(mib, lying) })),
  };
}

const exportBatch: Attack = {
  id: 'export-batch-100',
  title: 'one GET batching 100 snapshot.export calls',
  start: (agent) => {
    const paths = Array.from({ length: 100 }, () => 'snapshot.export').join(',');
    const input: Record<string, unknown> = {};
    for (let i = 0; i < 100; i++) input[String(i)] = { json: null };
    const path = `/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
    return repeating(agent, 2, () => ({ path }));
  },
};

/**
 * 16 clients each POST a batch of `calls` `namespace.list` calls (5,000 entries of `\Big` each)
 * and never read a byte of the answer: their sockets are paused from the start.
 */
const unreadBatches = (calls: number): Attack => ({
  id: `unread-list-batches-${calls}`,
  title: `16 clients each POSTing a batch of ${calls.toLocaleString('en-US')} namespace.list calls, never reading the answer`,
  start: (agent) => {
    const o = outcome();
    const input: Record<string, unknown> = {};
    for (let i = 0; i < calls; i++) input[String(i)] = { json: { path: '\\Big', offset: (i * 5000) % 50_000, limit: 5000 } };
    const body = JSON.stringify(input);
    const path = `/trpc/${Array.from({ length: calls }, () => 'namespace.list').join(',')}?batch=1`;
    const head = `POST ${path} HTTP/1.1\r\nHost: ${agent.host}:${agent.port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    const sockets: Socket[] = [];
    for (let i = 0; i < 16; i++) {
      const s = connect({ host: agent.host, port: agent.port });
      s.on('error', () => {});
      s.on('close', () => {
        if (!stopped) o.dropped++;
      });
      s.once('connect', () => {
        s.pause();
        s.write(head + body);
        o.sent++;
      });
      sockets.push(s);
    }
    let stopped = false;
    return {
      async stop() {
        stopped = true;
        for (const s of sockets) s.destroy();
        return o;
      },
    };
  },
});

/** 300 concurrent `watch.directory` streams of `\Big` at the shortest interval, read as they come. */
const watchStreams: Attack = {
  id: 'watch-300',
  title: '300 concurrent watch.directory streams at 250 ms',
  start: (agent) => {
    const o = outcome();
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    const path = `/trpc/watch.directory?input=${trpcInput({ path: '\\Big', intervalMs: 250 })}`;
    const streams: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      o.sent++;
      streams.push(
        new Promise<void>((resolve) => {
          const req = httpRequest(
            { host: agent.host, port: agent.port, path, headers: { ...headers(agent), Accept: 'text/event-stream' }, setHost: false, agent: false, signal: controller.signal },
            (res) => {
              let body = '';
              res.setEncoding('utf8');
              res.on('data', (c: string) => {
                if (body.length < 2000) body += c;
              });
              let counted = false;
              const done = () => {
                // 'end' and then 'close': count the stream once.
                if (counted) return;
                counted = true;
                record(o, { status: res.statusCode ?? 0, body });
                // A refused subscription is a 200 stream carrying one serialized-error event.
                const refused = /event: serialized-error\ndata: (.*)\n/.exec(body);
                if (refused && o.messages.size < 8) {
                  try {
                    o.messages.add((JSON.parse(refused[1]!) as { json: { message: string } }).json.message);
                  } catch {
                    o.messages.add(refused[1]!.slice(0, 200));
                  }
                }
                resolve();
              };
              res.on('end', done);
              res.on('close', done);
              res.on('error', () => resolve());
            },
          );
          req.on('error', () => {
            if (!controller.signal.aborted) o.dropped++;
            resolve();
          });
          req.end();
        }),
      );
    }
    return {
      async stop() {
        controller.abort();
        await Promise.all(streams);
        return o;
      },
    };
  },
};

/** 21 concurrent regex searches `[\s\S]{1000}` over the whole namespace (names of 32,760 characters included). */
const regexLong: Attack = {
  id: 'regex-long-names',
  title: 'regex search [\\s\\S]{1000} ×21 against names of 32,760 characters',
  start: (agent) =>
    repeating(agent, 21, () => ({ path: `/trpc/namespace.search?input=${trpcInput({ text: '[\\s\\S]{1000}', mode: 'regex', limit: 100 })}` })),
};

/** The table, in order, plus two variants that get past the cheap refusals: a bomb whose
 * trailer lies (so it is inflated, in a worker, up to the limit) and unread batches of the
 * largest size allowed (so the responses are really built and left unread). */
export const ATTACKS: readonly Attack[] = [
  diffBomb(128),
  diffBomb(250),
  diffBomb(250, true),
  exportBatch,
  unreadBatches(1050),
  unreadBatches(64),
  watchStreams,
  regexLong,
];

// ---------------------------------------------------------------------------------------------
// One attack, measured

export interface AttackResult {
  id: string;
  title: string;
  probes: ProbeStats;
  outcome: AttackOutcome;
  /** How long the attack ran, in ms. */
  durationMs: number;
  /** Peak resident memory of the agent during the attack (VmHWM after a reset), MiB. */
  peakRssMb: number;
  /** True when the attack was stopped by `maxMs` before the probes had reached `minProbes`. */
  cappedAt: number | null;
}

/**
 * Runs `attack` until the probing client has had `minProbes` answers and at least `minMs` has
 * passed (or `maxMs`, for an agent that does not answer at all), then stops it and reports.
 */
export async function measureAttack(
  agent: AgentProcess,
  attack: Attack,
  opts: { minProbes: number; minMs?: number; maxMs?: number; warmupMs?: number },
): Promise<AttackResult> {
  agent.resetPeak();
  let peak = agent.rssMb();
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, agent.rssMb());
    } catch {
      // the agent is gone; the caller sees it
    }
  }, 50);
  const t0 = performance.now();
  const running = attack.start(agent);
  // Let the attack's requests reach the agent before the first probe.
  await new Promise((r) => setTimeout(r, opts.warmupMs ?? 200));
  const prober = startProber(agent);
  let cappedAt: number | null = null;
  const enough = Promise.all([prober.reached(opts.minProbes), new Promise((r) => setTimeout(r, opts.minMs ?? 0))]);
  if (opts.maxMs !== undefined) {
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<'cap'>((r) => {
      timer = setTimeout(() => r('cap'), opts.maxMs);
    });
    const which = await Promise.race([enough.then(() => 'ok' as const), cap]);
    clearTimeout(timer);
    if (which === 'cap') cappedAt = opts.maxMs;
  } else {
    await enough;
  }
  const probes = await prober.stop();
  const o = await running.stop();
  const durationMs = performance.now() - t0;
  clearInterval(sampler);
  try {
    peak = Math.max(peak, agent.peakMb(), agent.rssMb());
  } catch {
    // gone
  }
  return { id: attack.id, title: attack.title, probes, outcome: o, durationMs, peakRssMb: peak, cappedAt };
}

/** Median `source.info` latency of an idle agent over `n` probes (same client, same path). */
export async function idleLatency(agent: AgentProcess, n = 30): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await ask(agent, { path: `/trpc/source.info?input=${trpcInput(undefined)}` });
    if (r.status !== 200) throw new Error(`idle probe: HTTP ${r.status}`);
    out.push(performance.now() - t0);
  }
  return out;
}
