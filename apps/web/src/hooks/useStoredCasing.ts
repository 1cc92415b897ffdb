import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../lib/trpc';
import { useUi } from '../store/ui';

/**
 * A path typed or linked in another casing (`\kernelobjects`) opens, as Windows resolves names
 * with OBJ_CASE_INSENSITIVE; the path bar, the URL and the tree then show the casing the
 * namespace stores (`\KernelObjects`), which is what the details of the directory report.
 * Replaces the history entry: the other casing named the same place.
 */
export function useStoredCasing(path: string): void {
  const trpc = useTRPC();
  const navigate = useUi((s) => s.navigate);
  const details = useQuery({ ...trpc.namespace.details.queryOptions({ path }), staleTime: 30_000 });
  const stored = details.data?.ok ? details.data.value.path : null;
  useEffect(() => {
    if (stored === null || stored === path || stored.toUpperCase() !== path.toUpperCase()) return;
    const s = useUi.getState();
    if (s.path !== path) return;
    navigate(stored, s.sel, { replace: true, view: s.view });
  }, [stored, path, navigate]);
}
