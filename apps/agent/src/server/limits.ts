// Limits on what clients can make the agent hold: open subscriptions, and response bytes a
// client does not read. Both are about availability: a client on the share address may be
// anyone, and one that never reads must not make the agent buffer without end.
import type { Socket } from 'node:net';
import type { SubscriptionGate } from '@objscope/api';

/** Open subscriptions per client address and in total. */
export class SubscriptionSlots implements SubscriptionGate {
  private readonly perClient = new Map<string, number>();
  private total = 0;

  constructor(
    readonly maxPerClient: number,
    readonly maxTotal: number,
  ) {}

  get open(): number {
    return this.total;
  }

  acquire(client: string): (() => void) | string {
    const mine = this.perClient.get(client) ?? 0;
    if (mine >= this.maxPerClient) {
      return `too many open subscriptions from this client (${this.maxPerClient} at most); close some views and try again`;
    }
    if (this.total >= this.maxTotal) return `the agent already serves ${this.maxTotal} subscriptions, its limit; try again later`;
    this.perClient.set(client, mine + 1);
    this.total++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.total--;
      const n = (this.perClient.get(client) ?? 1) - 1;
      if (n <= 0) this.perClient.delete(client);
      else this.perClient.set(client, n);
    };
  }
}

const MiB = 1024 * 1024;

export interface BackPressureLimits {
  /** Unread response bytes all connections together may hold before the worst is cut. */
  maxTotalBytes: number;
  /** A connection with unread bytes that has not taken any for this long is closed. */
  stallMs: number;
  /** How often the connections are looked at. */
  checkEveryMs: number;
}

const BACK_PRESSURE: BackPressureLimits = {
  maxTotalBytes: 256 * MiB,
  stallMs: 30_000,
  checkEveryMs: 500,
};

interface Watched {
  /** Unread bytes at the last look. */
  queued: number;
  /** When the queue last shrank or was empty. */
  movedAt: number;
}

/**
 * Watches every connection's write queue (bytes the agent produced that the client has not
 * taken yet). A client that reads slowly is fine; one whose queue does not move for `stallMs`
 * is disconnected, and when all queues together pass `maxTotalBytes` the largest are cut
 * until the total fits. Node's HTTP server already stops parsing a connection's pipelined
 * requests while its responses are queued, so each connection holds at most one response.
 */
export class BackPressure {
  private readonly sockets = new Map<Socket, Watched>();
  private timer: NodeJS.Timeout | null = null;
  /** Connections closed for not reading, for tests and logs. */
  cut = 0;

  constructor(
    readonly limits: BackPressureLimits = BACK_PRESSURE,
    private readonly onCut?: (why: string) => void,
  ) {}

  track(socket: Socket): void {
    this.sockets.set(socket, { queued: 0, movedAt: Date.now() });
    socket.once('close', () => this.sockets.delete(socket));
    if (!this.timer) {
      this.timer = setInterval(() => this.check(), this.limits.checkEveryMs);
      this.timer.unref();
    }
  }

  /** Looks at every connection once (also called by the timer). */
  check(now = Date.now()): void {
    let total = 0;
    const queued: [Socket, number][] = [];
    for (const [socket, w] of this.sockets) {
      const q = socket.writableLength;
      if (q === 0 || q < w.queued) w.movedAt = now;
      w.queued = q;
      if (q > 0 && now - w.movedAt >= this.limits.stallMs) {
        this.close(socket, `a client left ${q} response bytes unread for ${Math.round((now - w.movedAt) / 1000)} s`);
        continue;
      }
      total += q;
      if (q > 0) queued.push([socket, q]);
    }
    if (total <= this.limits.maxTotalBytes) return;
    queued.sort((a, b) => b[1] - a[1]);
    for (const [socket, q] of queued) {
      if (total <= this.limits.maxTotalBytes) break;
      this.close(socket, `unread responses passed ${Math.round(this.limits.maxTotalBytes / MiB)} MiB; closed the connection holding ${Math.round(q / MiB)} MiB`);
      total -= q;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private close(socket: Socket, why: string): void {
    this.sockets.delete(socket);
    this.cut++;
    this.onCut?.(why);
    socket.destroy();
  }
}
