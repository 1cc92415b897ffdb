'use client';
import { QueryClient } from '@tanstack/react-query';
import type { ObjscopeClient } from '../../lib/trpc';

/** The source the page talks to; a new one (new id) remounts the shell with fresh caches. */
export interface Active {
  id: number;
  mode: 'agent' | 'local';
  label: string | null;
  client: ObjscopeClient;
  queryClient: QueryClient;
}

function makeQueryClient(mode: 'agent' | 'local'): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A snapshot never changes; live data is kept fresh by the watch subscription and
        // explicit refresh instead of refetching on every focus.
        staleTime: mode === 'local' ? Infinity : 5_000,
        refetchOnWindowFocus: false,
        // One retry for a dropped connection; a refused input or a snapshot will not change.
        retry: (n, err) => mode === 'agent' && n < 1 && !(err as { data?: { code?: string } | null }).data?.code,
      },
    },
  });
}

let nextId = 0;

export function newActive(mode: 'agent' | 'local', label: string | null, client: ObjscopeClient): Active {
  return { id: ++nextId, mode, label, client, queryClient: makeQueryClient(mode) };
}
