import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../lib/trpc';
import { useSession } from '../lib/session';

export function useSourceInfo() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.source.info.queryOptions(), retry: false });
}

/**
 * The agent heartbeat (mount once): source info is polled in agent mode; a failure means the
 * agent is gone (banner), and the first success after that refetches everything on screen.
 */
export function useAgentHealth(): { disconnected: boolean } {
  const trpc = useTRPC();
  const { mode } = useSession();
  const qc = useQueryClient();
  const q = useQuery({
    ...trpc.source.info.queryOptions(),
    retry: false,
    refetchInterval: mode === 'agent' ? (query) => (query.state.status === 'error' ? 1500 : 4000) : false,
  });
  const wasDown = useRef(false);
  const down = mode === 'agent' && q.isError;
  useEffect(() => {
    if (down) wasDown.current = true;
    else if (wasDown.current && q.isSuccess) {
      wasDown.current = false;
      void qc.invalidateQueries();
    }
  }, [down, q.isSuccess, qc]);
  return { disconnected: down };
}
