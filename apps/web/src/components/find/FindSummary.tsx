'use client';
// The line under Find's controls: what was found and at what cost, or why nothing could be asked
// (a malformed SID, an unknown right, a refused regex), in place of the rows, never a blank pane.
import { formatCount } from '../../lib/format';
import { fileStem, hitsCsv, hitsJson } from '../../lib/export';
import { ExportButtons } from '../ExportButtons';
import type { AccessFilter } from './access-store';
import type { FindResults } from './useFindResults';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function Counts({ r, access }: { r: FindResults; access: AccessFilter | null }) {
  const shown = r.truncated ? ` (first ${formatCount(r.rows.length)} shown)` : '';
  const busy = r.fetching ? ' · searching…' : '';
  if (r.kind === 'names') {
    return (
      <>
        <span data-testid="find-total">{plural(r.total, 'match', 'matches')}</span>
        {shown} · {formatCount(r.scanned)} objects searched{r.elapsedMs === null ? '' : ` in ${r.elapsedMs.toFixed(0)} ms`}
        {busy}
      </>
    );
  }
  const judged = r.unknown ? ` · ${plural(r.unknown, 'object')} without a recorded descriptor (not judged)` : '';
  const evaluated = r.evaluations === null || r.kind === 'weak' ? '' : ` · ${plural(r.evaluations, 'distinct descriptor')} evaluated`;
  return (
    <>
      <span data-testid="find-total">{r.kind === 'weak' ? plural(r.total, 'weakly secured object') : `${plural(r.total, 'object')} ${access?.principal ?? ''} gets ${access?.rights ?? ''} to`}</span>
      {shown} · {formatCount(r.scanned)} objects looked at{judged}
      {evaluated}
      {busy}
    </>
  );
}

export function FindSummary({ r, access }: { r: FindResults; access: AccessFilter | null }) {
  const idle = 'Type to search every object name in the namespace, or pick a type to list every object of it.';
  return (
    <div className="flex items-center gap-2 border-b border-[var(--color-line)] px-3 py-1">
      <div className="min-w-0 flex-1 text-[12px] text-[var(--color-dim)]" data-testid="find-summary" data-kind={r.kind}>
        {!r.active ? (
          idle
        ) : r.error ? (
          <span role="alert" className="text-[var(--color-bad)]" data-testid="find-error">
            {r.error}
          </span>
        ) : r.loading ? (
          r.kind === 'names' ? 'Searching…' : 'Evaluating every recorded security descriptor…'
        ) : (
          <Counts r={r} access={access} />
        )}
      </div>
      <ExportButtons
        what="the Find results"
        testid="find-export"
        fileName={`objscope-find-${fileStem(r.kind === 'weak' ? 'weak-security' : access ? `${access.principal}-${access.rights}` : r.input.types?.[0] || r.input.text || 'all')}`}
        disabled={!r.settled || r.rows.length === 0}
        csv={() => hitsCsv(r.rows.map((h) => ({ path: h.path, name: h.name, type: h.type, target: h.detail })))}
        json={() => hitsJson({ ...r.input, kind: r.kind, access }, r.total, r.truncated, r.rows.map((h) => ({ path: h.path, name: h.name, type: h.type, target: h.detail })))}
      />
    </div>
  );
}
