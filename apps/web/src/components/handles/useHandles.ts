// Fetching for the Handles section: holders of one object and the handles of one process.
// Live sources are re-read every few seconds while shown (handles come and go like directory
// entries); snapshots never change.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import { useSourceInfo } from '../../hooks/useSourceInfo';

const LIVE_REFRESH_MS = 5000;

function useLive(): boolean {
  const kind = useSourceInfo().data?.kind;
  return kind === 'live' || kind === 'wine';
}

export function useHolders(path: string) {
  const trpc = useTRPC();
  const live = useLive();
  return useQuery({ ...trpc.handles.holders.queryOptions({ path }), refetchInterval: live ? LIVE_REFRESH_MS : false, retry: false });
}

export function useProcessHandles(pid: number | null) {
  const trpc = useTRPC();
  const live = useLive();
  return useQuery({
    ...trpc.handles.process.queryOptions({ pid: pid ?? 0 }),
    enabled: pid !== null,
    refetchInterval: live && pid !== null ? LIVE_REFRESH_MS : false,
    retry: false,
  });
}
