// One tRPC instance for the agent and for the page. `allowOutsideOfServer` lets the same router
// run in the browser over `unstable_localLink` against a SnapshotSource (no agent needed).
import { initTRPC, TRPCError } from '@trpc/server';
import type { ApiContext } from './context';
import { transformer } from './transformer';

/** What an error looks like on the wire: a clean message, never a stack or a file path. */
export interface ApiErrorData {
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

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
export { TRPCError };
