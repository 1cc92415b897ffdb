// tRPC + TanStack Query bindings for the UI. The same AppRouter answers either over HTTP from
// the agent, or inside the page over a SnapshotSource (no agent needed for a shared snapshot).
import { createTRPCContext } from '@trpc/tanstack-react-query';
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  unstable_localLink,
  type TRPCClient,
} from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '@objscope/api';
import type { Snapshot } from '@objscope/core';

export type { AppRouter };

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type ObjscopeClient = TRPCClient<AppRouter>;

/** Client for the agent that served this page: queries batched, subscriptions over SSE. */
export function createAgentClient(baseUrl = '/trpc'): ObjscopeClient {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: baseUrl, transformer: superjson }),
        // POST keeps long inputs (a 32,767-character path, two base64 snapshots for a diff)
        // out of the URL, where proxies and servers cap the length.
        // maxItems: the agent refuses batches of more than MAX_BATCH_CALLS (64, packages/api
        // inputs.ts); a literal here keeps the API package out of the page's first bundle.
        false: httpBatchLink({ url: baseUrl, transformer: superjson, methodOverride: 'POST', maxURLLength: 4000, maxItems: 64 }),
      }),
    ],
  });
}

export interface LocalSourceOptions {
  kind: 'snapshot' | 'sample' | 'share';
  label: string;
}

/**
 * Client that runs the router inside the page over a decoded snapshot. The router and the
 * snapshot source are imported on demand so agent mode does not pay for them.
 */
export async function createLocalClient(snapshot: Snapshot, opts: LocalSourceOptions): Promise<ObjscopeClient> {
  const [{ appRouter, createContext }, { SnapshotSource }] = await Promise.all([
    import('@objscope/api'),
    import('@objscope/core'),
  ]);
  const source = new SnapshotSource(snapshot, opts);
  const ctx = createContext({ source });
  return createTRPCClient<AppRouter>({
    links: [
      unstable_localLink({
        router: appRouter,
        createContext: async () => ctx,
        transformer: { input: superjson, output: superjson },
      }),
    ],
  });
}
