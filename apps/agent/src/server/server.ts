// The agent's one HTTP server: `/trpc` (queries over GET/POST, subscriptions over SSE) and the
// static UI, behind the checks in security.ts. Loopback only unless share mode names an address.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  appRouter,
  createContext,
  MAX_BATCH_CALLS,
  MAX_RESPONSE_BYTES,
  MAX_SUBSCRIPTIONS,
  MAX_SUBSCRIPTIONS_PER_CLIENT,
  AdmissionQueue,
  type ApiLimits,
  type FleetQuestions,
} from '@objscope/api';
import type { ObjectSource } from '@objscope/core';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { SNAPSHOT_JOBS_FILE, SnapshotJobs, LOCAL_JOB_LIMITS, SHARE_JOB_LIMITS, type JobLimits } from '../snapshot-jobs';
import { FixedWatches } from './fixed-watch';
import { BackPressure, SubscriptionSlots } from './limits';
import { agentRoot } from './paths';
import { allowedHosts, checkRequest, hostForHeader, securityHeaders } from './security';
import { NOT_BUILT_PAGE, StaticSite } from './static';

/** Written by `objscope export-site` beside the UI; never present in the agent's own web root. */
const SITE_MANIFEST_PATH = '/objscope-site.json';

export const DEFAULT_PORT = 7717;
/** How many ports after the requested one are tried when it is taken. */
const PORT_SEARCH = 50;

export interface ServerOptions {
  source: ObjectSource;
  /** 0 lets the OS choose. Default 7717; when taken, the next free one is used unless
   * `exactPort` (a port the user named: moving silently would serve where nobody looks). */
  port?: number;
  exactPort?: boolean;
  /** Share mode: bind only this address and answer only to it. Absent: 127.0.0.1. */
  shareHost?: string | null;
  /** The built UI (apps/web/out); null or missing → a page saying the UI is not built. */
  webRoot?: string | null;
  limits?: Partial<ApiLimits>;
  /** The snapshot file behind `source`, if any: exports are made from it, and in share mode
   * its JSON size sets how large an uploaded snapshot may inflate (see shareUploadLimit). */
  snapshotFile?: Uint8Array | null;
  /** Its JSON text size in bytes (the gzip trailer's count). */
  snapshotTextBytes?: number | null;
  jobs?: Partial<JobLimits>;
  /** The snapshot-job worker script (tests); by default dist/snapshot-jobs.mjs beside the agent. */
  jobWorkerUrl?: URL;
  /** The fleet store's questions (--fleet STORE): the Fleet view; in share mode, read-only as all else. */
  fleet?: FleetQuestions | null;
  /** Called for refused requests (the CLI logs them on stderr). */
  onRefused?: (info: { method: string; url: string; reason: string }) => void;
}

export interface RunningServer {
  server: Server;
  host: string;
  port: number;
  /** The URL to open, e.g. `http://127.0.0.1:7717/`. */
  url: string;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
/** Largest request body: two base64 snapshots for snapshot.diff plus JSON overhead. */
const MAX_BODY = 2 * 90 * MiB;
/** In share mode the clients are other machines: keep what one request can make us hold small. */
const SHARE_MAX_BODY = 2 * 12 * MiB;
const SHARE_MAX_DIFF_FILE = 8 * MiB;
/** Share mode: an uploaded snapshot may inflate to this many times the shared one's JSON... */
const SHARE_UPLOAD_FACTOR = 4;
/** ...but never less than this (a small shared sample still compares with a real capture)... */
const SHARE_UPLOAD_MIN_TEXT = 16 * MiB;
/** ...nor more than this. */
const SHARE_UPLOAD_MAX_TEXT = 64 * MiB;

/** Bytes of JSON text an uploaded snapshot may inflate to in share mode. */
function shareUploadLimit(sharedTextBytes: number | null | undefined): number {
  const wanted = (sharedTextBytes ?? 0) * SHARE_UPLOAD_FACTOR;
  return Math.min(SHARE_UPLOAD_MAX_TEXT, Math.max(SHARE_UPLOAD_MIN_TEXT, wanted));
}

/** The subscription procedures (SSE streams), from the router itself. */
const SUBSCRIPTIONS: ReadonlySet<string> = new Set(
  Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
    .filter(([, p]) => p._def.type === 'subscription')
    .map(([path]) => path),
);

/**
 * Bulky requests (batches, POSTed calls) take turns, one at a time, up to this many waiting,
 * then 503. Building a multi-megabyte response is one long synchronous stretch of the request
 * thread; sixteen of them at once would keep a small `source.info` waiting behind all sixteen.
 * Taking turns, it waits behind one at most.
 */
const BULKY_CONCURRENCY = 1;
const BULKY_MAX_WAITING = 256;
/** Snapshot jobs: procedures that run in worker threads under their own pool limits. */
const OFFLOADED = new Set(['snapshot.diff', 'snapshot.export']);

/** A batch of several calls, or a POSTed call, not counting the offloaded procedures. */
function isBulky(method: string, url: string): boolean {
  const q = url.indexOf('?');
  let path: string;
  try {
    path = decodeURIComponent(url.slice(0, q < 0 ? undefined : q).replace(/^\/trpc\/?/, ''));
  } catch {
    return true;
  }
  const calls = path.split(',');
  if (calls.length > 1) return true;
  return method === 'POST' && !OFFLOADED.has(calls[0] ?? '');
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    ...securityHeaders(),
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(`${message}\n`);
}

/** The built UI's files, for GET and HEAD, each with its security headers (and its page's script hashes). */
function serveStatic(site: StaticSite | null, req: IncomingMessage, res: ServerResponse, pathname: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, '405 Method Not Allowed');
  if (!site) {
    res.writeHead(503, { ...securityHeaders(), 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    return void res.end(req.method === 'HEAD' ? undefined : NOT_BUILT_PAGE);
  }
  const f = site.lookup(pathname);
  if (!f) return refuse(res, 404, '404 Not Found');
  if (f.status === 404 && pathname === SITE_MANIFEST_PATH) {
    // The UI probes for a static-export manifest on every load; from the agent the answer is
    // "none" (the page talks to /trpc), which is not an error worth a red console line.
    res.writeHead(204, { ...securityHeaders(), 'Cache-Control': 'no-cache' });
    return void res.end();
  }
  res.writeHead(f.status, {
    ...securityHeaders(f.scriptHashes),
    'Content-Type': f.contentType,
    'Content-Length': String(f.body.length),
    'Cache-Control': f.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : f.body);
}

/** The tRPC handler over the source, with the snapshot jobs and the limits of this mode. */
function makeApiHandler(opts: ServerOptions, share: boolean): ReturnType<typeof createHTTPHandler> {
  const jobs = new SnapshotJobs({
    source: opts.source,
    snapshotFile: opts.snapshotFile ?? null,
    limits: { ...(share ? SHARE_JOB_LIMITS : LOCAL_JOB_LIMITS), ...opts.jobs },
    workerUrl: opts.jobWorkerUrl ?? (() => pathToFileURL(join(agentRoot(), 'dist', SNAPSHOT_JOBS_FILE))),
  });
  const limits: Partial<ApiLimits> = share
    ? { maxDiffFileBytes: SHARE_MAX_DIFF_FILE, maxDiffDecompressedBytes: shareUploadLimit(opts.snapshotTextBytes), ...opts.limits }
    : { ...opts.limits };
  return createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: ({ req }) =>
      createContext({
        source: opts.source,
        limits,
        jobs,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        client: req.socket.remoteAddress ?? 'unknown',
        ...(opts.fleet ? { fleet: opts.fleet } : {}),
      }),
    allowMethodOverride: true,
    maxBodySize: share ? SHARE_MAX_BODY : MAX_BODY,
    maxBatchSize: MAX_BATCH_CALLS,
  });
}

/** What stands between a checked API request and tRPC: subscription slots, the bulky queue. */
interface ApiGate {
  trpc: ReturnType<typeof createHTTPHandler>;
  slots: SubscriptionSlots;
  bulky: AdmissionQueue;
  fixedWatches: FixedWatches;
}

function makeApiGate(opts: ServerOptions, share: boolean): ApiGate {
  let fixedSource: Promise<boolean> | null = null;
  return {
    trpc: makeApiHandler(opts, share),
    slots: new SubscriptionSlots(MAX_SUBSCRIPTIONS_PER_CLIENT, MAX_SUBSCRIPTIONS),
    // setImmediate: the next bulky request starts after the I/O that arrived meanwhile is read.
    bulky: new AdmissionQueue({ concurrency: BULKY_CONCURRENCY, maxWaiting: BULKY_MAX_WAITING, handOver: (start) => void setImmediate(start) }),
    fixedWatches: new FixedWatches(opts.source, () => {
      fixedSource ??= opts.source.info().then((i) => i.kind !== 'live' && i.kind !== 'wine');
      return fixedSource;
    }),
  };
}

/** A subscription: counted before tRPC, and a snapshot's watch served from its fixed bytes. */
function serveSubscription(gate: ApiGate, req: IncomingMessage, res: ServerResponse, url: string, pathname: string): void {
  // Counted here, before tRPC: a refusal must cost next to nothing, since the point of the
  // attack is to open hundreds at once.
  const slot = gate.slots.acquire(req.socket.remoteAddress ?? 'unknown');
  if (typeof slot === 'string') return refuse(res, 429, `429 Too Many Requests: ${slot}`);
  res.once('close', slot);
  if (pathname !== '/trpc/watch.directory') return void gate.trpc(req, res);
  // A snapshot's watch is the same bytes for everyone: served from them (fixed-watch.ts).
  void gate.fixedWatches.serve(req, res, url).then(
    (served) => {
      if (!served) gate.trpc(req, res);
    },
    () => {
      if (!res.headersSent) refuse(res, 500, '500 Internal Server Error');
      else res.destroy();
    },
  );
}

/** An API request that passed the origin checks. */
function serveApi(gate: ApiGate, req: IncomingMessage, res: ServerResponse, url: string, pathname: string): void {
  if (req.method !== 'GET' && req.method !== 'POST') return refuse(res, 405, '405 Method Not Allowed');
  for (const [k, v] of Object.entries(securityHeaders())) res.setHeader(k, v);
  res.setHeader('Cache-Control', 'no-store');
  if (SUBSCRIPTIONS.has(pathname.replace(/^\/trpc\/?/, ''))) return serveSubscription(gate, req, res, url, pathname);
  if (!isBulky(req.method, url)) return void gate.trpc(req, res);
  const busy = '503 Service Unavailable: too many large requests are waiting; try again shortly';
  if (gate.bulky.full) return refuse(res, 503, busy);
  void gate.bulky.take().then((release) => {
    if (!release) return refuse(res, 503, busy);
    // Until the response is handed to the socket (prefinish) or the client is gone.
    if (res.destroyed) return release();
    res.once('prefinish', release);
    res.once('close', release);
    gate.trpc(req, res);
  });
}

/** Refuses what nothing here speaks (WebSocket, malformed HTTP) and watches slow clients. */
function guardServer(server: Server, opts: ServerOptions): BackPressure {
  // Nothing here speaks WebSocket; an upgrade is refused whatever its origin, so a page cannot
  // use one to get around the fetch-metadata checks.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    opts.onRefused?.({ method: req.method ?? '?', url: (req.url ?? '').slice(0, 200), reason: 'WebSocket upgrade refused' });
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: 36\r\n\r\n403 Forbidden: WebSocket not served\n');
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  const pressure = new BackPressure(undefined, (why) => opts.onRefused?.({ method: '-', url: '-', reason: why }));
  server.on('connection', (socket: Socket) => pressure.track(socket));
  return pressure;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const bindHost = opts.shareHost ?? '127.0.0.1';
  const site = opts.webRoot && StaticSite.available(opts.webRoot) ? new StaticSite(opts.webRoot) : null;
  const gate = makeApiGate(opts, Boolean(opts.shareHost));
  // Filled in once the port is known; no request is served before.
  let hosts = new Set<string>();

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const pathname = url.split('?', 1)[0] ?? '/';
    const isApi = pathname === '/trpc' || pathname.startsWith('/trpc/');
    const verdict = checkRequest(req, { hosts, allowNavigation: !isApi });
    if (!verdict.ok) {
      opts.onRefused?.({ method: req.method ?? '?', url: url.slice(0, 200), reason: verdict.reason });
      return refuse(res, 403, `403 Forbidden: ${verdict.reason}`);
    }
    if (isApi) return serveApi(gate, req, res, url, pathname);
    serveStatic(site, req, res, pathname);
  }

  // requireHostHeader off: a request without Host gets our 403 (with the security headers),
  // not Node's bare 400, so there is one refusal path to test and document.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    try {
      handle(req, res);
    } catch {
      // Never echo the exception: it can carry file paths.
      if (!res.headersSent) refuse(res, 500, '500 Internal Server Error');
      else res.destroy();
    }
  });
  const pressure = guardServer(server, opts);

  const port = await listen(server, bindHost, opts.port ?? DEFAULT_PORT, opts.exactPort === true);
  hosts = allowedHosts(port, opts.shareHost ?? null);
  const url = `http://${hostForHeader(bindHost)}:${port}/`;
  return {
    server,
    host: bindHost,
    port,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        pressure.stop();
        server.close(() => resolve());
        // Open SSE streams would keep close() waiting forever.
        server.closeAllConnections();
      }),
  };
}

/** Listens on the port, or unless `exact` on the next free one (up to PORT_SEARCH further) when taken. */
async function listen(server: Server, host: string, port: number, exact: boolean): Promise<number> {
  const last = port === 0 || exact ? port : Math.min(65535, port + PORT_SEARCH);
  for (let p = port; p <= last; p++) {
    const ok = await new Promise<boolean>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        if (err.code === 'EADDRINUSE' && p < last) resolve(false);
        else reject(err);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve(true);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(p, host);
    });
    if (ok) {
      const a = server.address();
      return typeof a === 'object' && a ? a.port : p;
    }
  }
  throw new Error(`no free port from ${port} to ${last}`);
}
