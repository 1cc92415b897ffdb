// `watch.directory` of a snapshot, answered in the HTTP layer from bytes prepared once.
//
// A snapshot cannot change, so every watcher of a path gets the same stream: its listing in
// events of FIXED_EVENT_ENTRIES entries (as packages/api's watchFixed sends them), then nothing
// but keep-alive pings. Through tRPC each watcher paid for its own JSON.stringify, text encoding
// and stream plumbing of all 50 events of a 50,000-entry directory: 16 watchers of `\Big` held
// the request thread for about 16 s and source.info waited 6-14 s. Here the events are
// serialised once per path, as Buffers, and each watcher is handed the same Buffers, one per turn
// of the event loop (setImmediate), waiting for 'drain' when its socket is full, so other
// requests get in between and a slow reader holds nothing but references.
//
// The bytes are exactly tRPC's SSE framing (resolveResponse's sseStreamProducer: a `connected`
// event, `data:` events of the transformer's output, `ping` events every sse.ping.intervalMs),
// so the page's and scripts' tRPC clients cannot tell the difference. Anything else (invalid
// input, a path that cannot be listed, a Last-Event-ID, a live source) goes to tRPC as before.
// The events' `at` is when the path was first prepared: a snapshot's listing is the same then.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FIXED_EVENT_ENTRIES, intervalMs, listingOf, ntPath, transformer } from '@objscope/api';
import type { ObjectSource } from '@objscope/core';
import { z } from 'zod';

/** As in packages/api/src/trpc.ts (sse.ping and sse.client). */
const SSE_PING_MS = 5_000;
const RECONNECT_AFTER_INACTIVITY_MS = 12_000;

const CONNECTED = Buffer.from(`event: connected\ndata: ${JSON.stringify({ reconnectAfterInactivityMs: RECONNECT_AFTER_INACTIVITY_MS })}\n\n\n`);
const PING = Buffer.from('event: ping\ndata: \n\n\n');
const input = z.object({ json: z.object({ path: ntPath, intervalMs }) });
const MAX_PATHS = 16;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FixedWatches {
  private readonly events = new Map<string, Promise<Buffer[] | null>>();

  constructor(
    private readonly source: ObjectSource,
    private readonly isFixed: () => Promise<boolean>,
  ) {}

  /** Serves the stream and returns true, or returns false (untouched) for tRPC to answer. */
  async serve(req: IncomingMessage, res: ServerResponse, url: string): Promise<boolean> {
    if (req.method !== 'GET' || req.headers['last-event-id'] !== undefined) return false;
    if (!(await this.isFixed())) return false;
    const q = url.indexOf('?');
    const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
    if (params.has('batch') || params.has('lastEventId') || params.has('Last-Event-Id')) return false;
    let parsed;
    try {
      parsed = input.safeParse(JSON.parse(params.get('input') ?? 'null'));
    } catch {
      return false;
    }
    if (!parsed.success) return false;
    const events = await this.eventsOf(parsed.data.json.path);
    if (!events || res.destroyed) return res.destroyed;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      Vary: 'trpc-accept, accept',
    });
    let closed = false;
    let ping: NodeJS.Timeout | null = null;
    const schedulePing = () => {
      if (ping) clearTimeout(ping);
      ping = setTimeout(() => {
        if (closed) return;
        res.write(PING);
        schedulePing();
      }, SSE_PING_MS);
    };
    res.once('close', () => {
      closed = true;
      if (ping) clearTimeout(ping);
    });
    res.write(CONNECTED);
    schedulePing();
    for (const event of events) {
      await nextTurn();
      if (closed) return true;
      if (!res.write(event)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off('drain', go);
            res.off('close', go);
            resolve();
          };
          res.once('drain', go);
          res.once('close', go);
        });
        if (closed) return true;
      }
      schedulePing();
    }
    return true;
  }

  /** The listing's events as SSE bytes, made once per path; null when it cannot be listed. */
  private eventsOf(path: string): Promise<Buffer[] | null> {
    let made = this.events.get(path);
    if (!made) {
      made = this.make(path);
      if (this.events.size >= MAX_PATHS) this.events.delete(this.events.keys().next().value as string);
      this.events.set(path, made);
    }
    return made;
  }

  private async make(path: string): Promise<Buffer[] | null> {
    const r = await listingOf(this.source, path);
    if (!r.ok) return null;
    const at = new Date().toISOString();
    const out: Buffer[] = [];
    for (let i = 0; i === 0 || i < r.value.length; i += FIXED_EVENT_ENTRIES) {
      if (i > 0) await nextTurn();
      const event = { at, added: r.value.slice(i, i + FIXED_EVENT_ENTRIES), removed: [], changed: [], error: null };
      out.push(Buffer.from(`data: ${JSON.stringify(transformer.output.serialize(event))}\n\n\n`));
    }
    return out;
  }
}
