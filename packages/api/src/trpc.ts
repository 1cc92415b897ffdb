// One tRPC instance for the agent and for the page. `allowOutsideOfServer` lets the same router
// run in the browser over `unstable_localLink` against a SnapshotSource (no agent needed).
import { initTRPC, TRPCError } from '@trpc/server';
import type { ApiContext, ResponseBudget } from './context';
import { estimateJsonBytes } from './size';
import { transformer } from './transformer';

/** What an error looks like on the wire: a clean message, never a stack or a file path. */
interface ApiErrorData {
  code: string;
  httpStatus: number;
  /** The procedure, e.g. `namespace.list` (not a file path). */
  procedure: string | null;
  /** Input validation problems as `field: message`; null for other errors. */
  issues: string[] | null;
}

const t = initTRPC.context<ApiContext>().create({
  transformer,
  allowOutsideOfServer: true,
  // Never dev mode: dev mode puts stack traces (with file paths) into responses.
  isDev: false,
  sse: {
    // Pings keep proxies and the browser from dropping an idle watch stream, and let the
    // client notice a dead agent (reconnect banner) within a few seconds.
    ping: { enabled: true, intervalMs: 5_000 },
    client: { reconnectAfterInactivityMs: 12_000 },
  },
  errorFormatter({ shape, error, path }) {
    const issues = inputIssues(error);
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    const data: ApiErrorData = {
      code: shape.data.code,
      httpStatus: shape.data.httpStatus,
      procedure: path ?? null,
      issues,
    };
    return {
      code: shape.code,
      // A thrown non-TRPC error can carry anything (an fs path, an errno string): say only
      // that it failed. Our own TRPCErrors carry messages written for the user.
      message: internal ? 'internal error in the agent' : issues ? `invalid input: ${issues.join('; ')}` : error.message,
      data,
    };
  },
});

function inputIssues(error: TRPCError): string[] | null {
  if (error.code !== 'BAD_REQUEST') return null;
  const cause = error.cause as { issues?: { path?: PropertyKey[]; message?: string }[] } | undefined;
  if (!cause || !Array.isArray(cause.issues)) return null;
  return cause.issues.slice(0, 10).map((i) => {
    const where = (i.path ?? []).map((p) => String(p)).join('.');
    return where ? `${where}: ${i.message ?? 'invalid'}` : (i.message ?? 'invalid');
  });
}

const MiB = 1024 * 1024;

/**
 * Limits that belong to the request rather than to one procedure (the agent sets them in the
 * context; the page's local link does not):
 * - a subscription takes a slot from the agent's gate (per client and in total) for as long as
 *   it is open, and is refused with TOO_MANY_REQUESTS when none is left;
 * - a query's result is charged to the response's byte budget, shared by every call of a
 *   batch, before tRPC serialises it. `snapshot.export` may fill a response on its own but
 *   never shares one.
 */
const requestLimits = t.middleware(async ({ ctx, type, path, signal, next }) => {
  if (type === 'subscription' && ctx.subscriptions) {
    const slot = ctx.subscriptions.acquire(ctx.client ?? 'unknown');
    if (typeof slot === 'string') throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: slot });
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      signal?.removeEventListener('abort', release);
      slot();
    };
    // The stream may end without ever being iterated (the client left first): the signal
    // frees the slot then.
    signal?.addEventListener('abort', release, { once: true });
    let result;
    try {
      result = await next();
    } catch (e) {
      release();
      throw e;
    }
    if (!result.ok) {
      release();
      return result;
    }
    const inner = result.data as AsyncIterable<unknown>;
    async function* held() {
      try {
        yield* inner;
      } finally {
        release();
      }
    }
    return { ...result, data: held() };
  }
  const budget = ctx.response;
  if (type !== 'query' || !budget) return next();
  // tRPC starts every call of a batch at once and, as none of them waits for I/O, runs them
  // back to back in one go: 64 listing pages held the thread for a second or more while a
  // small request on another connection waited. One call at a time, each after a macrotask, lets
  // other requests in between the calls.
  const previous = budget.previous;
  let done!: () => void;
  budget.previous = new Promise<void>((resolve) => (done = resolve));
  try {
    await previous;
    await laterTurn();
    return charged(path, budget, await next());
  } finally {
    done();
  }
});

/** Resolves on a later turn of the event loop, after pending I/O (setImmediate where there is one). */
function laterTurn(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

/** Procedures that answer with a whole snapshot file: alone in a response, however large. */
const WHOLE_FILES: ReadonlySet<string> = new Set(['snapshot.export', 'fleet.snapshot']);

/** The result charged to the response's byte budget, or PAYLOAD_TOO_LARGE. */
function charged<R extends { ok: boolean; data?: unknown }>(path: string, budget: ResponseBudget, result: R): R {
  if (result.ok) {
    if (WHOLE_FILES.has(path)) {
      if (budget.remaining < budget.max) {
        throw new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: `${path} is answered on its own, never in a batch with other calls` });
      }
      budget.remaining = 0;
      return result;
    }
    const size = estimateJsonBytes(result.data, budget.remaining);
    if (size > budget.remaining) {
      throw new TRPCError({
        code: 'PAYLOAD_TOO_LARGE',
        message: `the response would exceed ${Math.round(budget.max / MiB)} MiB; ask for fewer calls per batch or smaller pages`,
      });
    }
    budget.remaining -= size;
  }
  return result;
}

export const router = t.router;
export const publicProcedure = t.procedure.use(requestLimits);
export const createCallerFactory = t.createCallerFactory;
export { TRPCError };
