import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../lib/trpc';
import { useUi } from '../store/ui';

/**
 * Re-reads the directory on screen from the source (the agent's cache is bypassed) and every
 * listing and details query after it: the path bar's ⟳ and F5, which refreshes the listing as in
 * WinObj rather than reloading the page.
 */
export function useRefreshListing(): () => Promise<void> {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return async () => {
    const path = useUi.getState().path;
    try {
      await qc.fetchQuery({ ...trpc.namespace.list.queryOptions({ path, offset: 0, limit: 1, fresh: true }), staleTime: 0 });
    } catch (e) {
      useUi.getState().notify('error', `Refresh failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    await qc.invalidateQueries({ queryKey: trpc.namespace.list.pathKey() });
    await qc.invalidateQueries({ queryKey: trpc.namespace.details.pathKey() });
  };
}
