// The one question Find asks at a time, as rows the list shows: a name search, the objects a
// principal gets some rights to (the access filter), or the weakly secured objects. All three
// take the same name, type and place filters; all three go through the shared router, so they
// run in the agent (its workers, for the access questions) or in the page for a snapshot.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import type { FindQuery } from '../../lib/prefs';
import type { AccessFilter, FindView } from './access-store';

const RESULT_LIMIT = 2000;

export interface FindRow {
  path: string;
  name: string;
  type: string;
  /** A link's target (names), the rights granted (access filter), or why it is weak. */
  detail: string | null;
}

export type FindKind = 'names' | 'access' | 'weak';

export interface FindResults {
  kind: FindKind;
  /** Something was asked (an empty name search with no type is not a question). */
  active: boolean;
  rows: FindRow[];
  total: number;
  truncated: boolean;
  scanned: number;
  /** Access questions: objects without a recorded descriptor, and engine runs. */
  unknown: number | null;
  evaluations: number | null;
  elapsedMs: number | null;
  error: string | null;
  loading: boolean;
  fetching: boolean;
  /** The answer on screen is the one to the question asked. */
  settled: boolean;
  /** The filters as sent, for the JSON export. */
  input: { text: string; mode: FindQuery['mode']; caseSensitive: boolean; types: string[] | undefined; under: string | undefined };
}

export function useFindResults(find: FindQuery, path: string, view: FindView, access: AccessFilter | null): FindResults {
  const trpc = useTRPC();
  const { text, mode, caseSensitive, type, here } = find;
  const input = { text, mode, caseSensitive, types: type ? [type] : undefined, under: here && path !== '\\' ? path : undefined };
  const kind: FindKind = view === 'weak' ? 'weak' : access ? 'access' : 'names';
  const opts = { trpc: { abortOnUnmount: true } };
  const common = { retry: false, staleTime: 30_000 } as const;

  const names = useQuery({
    ...trpc.namespace.search.queryOptions({ ...input, limit: RESULT_LIMIT }, opts),
    // A type alone is a query too: every Mutant in the namespace.
    enabled: kind === 'names' && (text.length > 0 || type !== ''),
    placeholderData: (prev) => prev,
    ...common,
  });
  const byAccess = useQuery({
    ...trpc.access.find.queryOptions({ ...input, principal: access?.principal ?? '', rights: access?.rights ?? '', limit: RESULT_LIMIT }, opts),
    enabled: kind === 'access',
    ...common,
  });
  const weak = useQuery({ ...trpc.access.weak.queryOptions({ ...input, limit: RESULT_LIMIT }, opts), enabled: kind === 'weak', ...common });

  const base = { kind, input, unknown: null, evaluations: null, elapsedMs: null };
  if (kind === 'names') {
    const active = text.length > 0 || type !== '';
    const d = active ? names.data : undefined;
    return {
      ...base,
      active,
      rows: d?.hits.map((h) => ({ path: h.path, name: h.name, type: h.type, detail: h.target })) ?? [],
      total: d?.total ?? 0,
      truncated: d?.truncated ?? false,
      scanned: d?.scanned ?? 0,
      elapsedMs: d?.elapsedMs ?? null,
      error: names.isError ? names.error.message : null,
      loading: active && !d,
      fetching: names.isFetching,
      settled: active && names.isSuccess && !names.isPlaceholderData && !names.isFetching,
    };
  }
  const q = kind === 'access' ? byAccess : weak;
  const d = q.data;
  return {
    ...base,
    active: true,
    rows: d?.hits.map((h) => ({ path: h.path, name: h.name, type: h.type, detail: h.why.join(kind === 'weak' ? '; ' : ', ') })) ?? [],
    total: d?.total ?? 0,
    truncated: d?.truncated ?? false,
    scanned: d?.scanned ?? 0,
    unknown: d?.unknown ?? null,
    evaluations: d?.evaluations ?? null,
    error: q.isError ? q.error.message : null,
    loading: !d && !q.isError,
    fetching: q.isFetching,
    settled: q.isSuccess && !q.isFetching,
  };
}
