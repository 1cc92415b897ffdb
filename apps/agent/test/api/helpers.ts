// Shared by the API and security tests: a real agent HTTP server on 127.0.0.1 over a real
// SnapshotSource built from core's synthetic namespace, a typed tRPC client, and a raw HTTP
// helper for requests no browser API would let us craft (bad Host, forged fetch metadata).
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AppRouter } from '@objscope/api';
import { SnapshotSource, type ObjectSource, type Snapshot, type SnapshotNode } from '@objscope/core';
import { synthesizeSnapshot } from '@objscope/core/testing';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/server';

export const BIG = 50_000;

let shared: Snapshot | null = null;
/** One synthetic namespace per test file: a few thousand objects plus a 50,000-entry directory. */
export function testSnapshot(): Snapshot {
  shared ??= synthesizeSnapshot({ objects: 5_000, bigDirectoryEntries: BIG, seed: 7 });
  return shared;
}

/** Path of the first directory (depth-first) whose children satisfy `pred`. */
export function findDir(s: Snapshot, pred: (n: SnapshotNode) => boolean): string {
  const stack: [SnapshotNode, string][] = [[s.root, '\\']];
  while (stack.length) {
    const [n, p] = stack.pop()!;
    if (n.children && n !== s.root && pred(n)) return p;
    for (const c of n.children ?? []) if (c.children) stack.push([c, p === '\\' ? `\\${c.name}` : `${p}\\${c.name}`]);
  }
  throw new Error('no such directory in the synthetic snapshot');
}

export function nodeAt(s: Snapshot, path: string): SnapshotNode {
  let n = s.root;
  if (path === '\\') return n;
  for (const part of path.slice(1).split('\\')) {
    const next = n.children?.find((c) => c.name === part);
    if (!next) throw new Error(`no ${path}`);
    n = next;
  }
  return n;
}

export interface Agent {
  server: RunningServer;
  base: string;
  client: ReturnType<typeof createTRPCClient<AppRouter>>;
  source: ObjectSource;
  close(): Promise<void>;
}

export async function startAgent(opts: Partial<ServerOptions> & { source?: ObjectSource } = {}): Promise<Agent> {
  const source = opts.source ?? new SnapshotSource(testSnapshot(), { kind: 'snapshot', label: 'test snapshot' });
  const server = await startServer({ port: 0, webRoot: null, ...opts, source });
  const base = server.url.replace(/\/$/, '');
  const client = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${base}/trpc`, transformer: superjson, methodOverride: 'POST' })],
  });
  return { server, base, client, source, close: () => server.close() };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with exactly the headers given (Host included), nothing added by a fetch layer. */
export function raw(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string; host?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: opts.host ?? '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers ?? {}, setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

/** `?input=` for a GET query or subscription, encoded the way the tRPC client does it. */
export function inputQuery(input: unknown): string {
  return `input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/**
 * Opens an SSE subscription with raw HTTP and collects events until `until` says stop (or the
 * timeout passes), then closes the connection the way a browser tab going away would.
 */
export function sse(
  port: number,
  path: string,
  headers: Record<string, string>,
  until: (events: SseEvent[]) => boolean,
  timeoutMs = 10_000,
): Promise<{ status: number; events: SseEvent[]; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    let buf = '';
    const req = httpRequest({ host: '127.0.0.1', port, path, headers, setHost: false }, (res) => {
      const finish = () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, events, headers: res.headers });
      };
      const timer = setTimeout(finish, timeoutMs);
      if (res.statusCode !== 200) {
        res.resume();
        return finish();
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) !== -1) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          if (!data.length) continue;
          const text = data.join('\n');
          let parsed: unknown = text;
          try {
            const j = JSON.parse(text);
            parsed = event === 'message' ? superjson.deserialize(j) : j;
          } catch {
            // keep the text
          }
          events.push({ event, data: parsed });
          if (until(events)) return finish();
        }
      });
      res.on('end', finish);
    });
    req.on('error', reject);
    req.end();
  });
}

export function sameOrigin(port: number): Record<string, string> {
  return { Host: `127.0.0.1:${port}`, Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' };
}
