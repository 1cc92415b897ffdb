// The Handles section of Properties: who holds the selected object (sortable, exportable), and
// for a holder clicked, what that process holds. Names and images render as text, never HTML.
import { Fragment, useMemo, useState } from 'react';
import { handleAttributeNames, holderCountSentence, type HeldHandle, type HoldersReport, type ObjectHolder } from '@objscope/core';
import { displayName, formatStatus, hex32 } from '../../lib/format';
import { useHolders, useProcessHandles } from './useHandles';
import { useSourceInfo } from '../../hooks/useSourceInfo';
import { PathWrap } from '../PathWrap';
import { download, holdersCsv } from './export';

type SortKey = 'pid' | 'image' | 'handle' | 'access';

function compare(a: ObjectHolder, b: ObjectHolder, key: SortKey): number {
  switch (key) {
    case 'image':
      return (a.image ?? '').localeCompare(b.image ?? '') || a.pid - b.pid || a.handle - b.handle;
    case 'handle':
      return a.handle - b.handle || a.pid - b.pid;
    case 'access':
      return a.access - b.access || a.pid - b.pid || a.handle - b.handle;
    default:
      return a.pid - b.pid || a.handle - b.handle;
  }
}

/** `handleCount`: the count Properties shows (null when it has none), for the sentence that explains the difference. */
export function HandlesSection({ path, handleCount }: { path: string; handleCount: number | null }) {
  const q = useHolders(path);
  const [pid, setPid] = useState<number | null>(null);
  return (
    <section data-testid="props-handles-section" aria-label="Handles">
      <h3 className="mb-0.5 border-b border-[var(--color-line)] text-[11px] font-semibold uppercase tracking-wide text-[var(--color-dim)]">Handles</h3>
      {q.isPending ? (
        <p className="text-[var(--color-dim)]" data-testid="holders-loading">
          Looking for holders…
        </p>
      ) : q.isError ? (
        <p className="text-[var(--color-bad)]" role="alert" data-testid="holders-error">
          {q.error.message}
        </p>
      ) : q.data === null ? (
        <p className="text-[var(--color-dim)]" data-testid="holders-none-recorded">
          This source has no handle data (a snapshot captured without --handles).
        </p>
      ) : !q.data.ok ? (
        <p className="text-[var(--color-bad)]" data-testid="holders-failed">
          Holders not available: {formatStatus(q.data)}
        </p>
      ) : (
        <HoldersTable r={q.data.value} onPick={setPid} picked={pid} handleCount={handleCount} />
      )}
      {pid !== null && <ProcessHandles pid={pid} onClose={() => setPid(null)} />}
    </section>
  );
}

/** PID, Process, Handle; Access under them in a narrow container, beside them in a wide one. */
const HOLDER_GRID = 'grid grid-cols-[auto_minmax(0,1fr)_auto] gap-x-2 @[34rem]:grid-cols-[auto_minmax(8rem,1fr)_auto_minmax(0,1.6fr)]';
const ACCESS_CELL = 'col-span-3 @[34rem]:col-span-1';

function HolderRow({ h, picked, onPick }: { h: ObjectHolder; picked: boolean; onPick: (pid: number) => void }) {
  return (
    <div role="row" className={`${HOLDER_GRID} border-t border-[var(--color-line)] py-px`} data-testid="holder" data-pid={h.pid} data-handle={h.handle}>
      <div role="cell" className="font-mono">
        {h.pid}
      </div>
      <div role="cell" className="min-w-0 break-words">
        <button
          type="button"
          className={`text-left text-[var(--color-accent)] hover:underline ${picked ? 'font-semibold' : ''}`}
          data-testid="holder-open"
          title={`What process ${h.pid} holds`}
          onClick={() => onPick(h.pid)}
        >
          {/* An image path breaks after its backslashes, never inside "holdhelper.exe". */}
          {h.image === null ? `pid ${h.pid}` : h.image.startsWith('\\') ? <PathWrap path={h.image} /> : displayName(h.image, 200).text}
        </button>
        {handleAttributeNames(h.attributes).length > 0 && <div className="text-[var(--color-dim)]">{handleAttributeNames(h.attributes).join(', ')}</div>}
      </div>
      <div role="cell" className="font-mono">
        0x{h.handle.toString(16)}
      </div>
      <div role="cell" className={`${ACCESS_CELL} min-w-0`} data-testid="holder-access">
        <span className="whitespace-nowrap font-mono">{hex32(h.access)}</span>{' '}
        {/* Lines break only between rights, after the comma, never inside a name. */}
        {(h.rights ?? []).map((r, i, all) => (
          <Fragment key={r}>
            <span className="whitespace-nowrap">
              {r}
              {i < all.length - 1 ? ',' : ''}
            </span>{' '}
          </Fragment>
        ))}
      </div>
    </div>
  );
}

function HoldersTable({ r, onPick, picked, handleCount }: { r: HoldersReport; onPick: (pid: number) => void; picked: number | null; handleCount: number | null }) {
  const wine = useSourceInfo().data?.capabilities.wineVersion != null;
  const countNote = holderCountSentence(r, handleCount, wine);
  const { key, desc, rows, sortBy } = useHolderSort(r.holders);
  const header = (k: SortKey, label: string, className = '') => <SortHeader k={k} label={label} className={className} sortKey={key} desc={desc} onSort={sortBy} />;
  return (
    <div data-testid="holders" data-method={r.method}>
      <HoldersSummary r={r} rows={rows} />
      {countNote && (
        <p className="text-[12px] text-[var(--color-dim)]" data-testid="holders-count-note">
          {countNote}
        </p>
      )}
      {rows.length > 0 && (
        // A grid, not a table, so the Access cell can move: in a pane narrower than the four
        // columns need (the side pane at 1024 px) it takes its own line under its holder, the
        // width of the section, instead of a clipped column that scrolls sideways; with room
        // (a wide pane, the Properties dialog) it is the fourth column. A right's name
        // ("DIRECTORY_ALL_ACCESS") never breaks.
        <div role="table" aria-label="Holders" className="@container mt-0.5 text-[12px]" data-testid="holders-table">
          <div role="row" className={`${HOLDER_GRID} text-left text-[var(--color-dim)]`}>
            {header('pid', 'PID')}
            {header('image', 'Process')}
            {header('handle', 'Handle')}
            {header('access', 'Access', ACCESS_CELL)}
          </div>
          {rows.map((h) => (
            <HolderRow key={`${h.pid}:${h.handle}`} h={h} picked={picked === h.pid} onPick={onPick} />
          ))}
        </div>
      )}
      {r.unexamined.length > 0 && <UnexaminedList unexamined={r.unexamined} />}
    </div>
  );
}

/** The holders in the chosen order; a new column starts ascending, the same column flips. */
function useHolderSort(holders: HoldersReport['holders']) {
  const [key, setKey] = useState<SortKey>('pid');
  const [desc, setDesc] = useState(false);
  const rows = useMemo(() => {
    const sorted = [...holders].sort((a, b) => compare(a, b, key));
    return desc ? sorted.reverse() : sorted;
  }, [holders, key, desc]);
  const sortBy = (k: SortKey) => {
    if (k === key) setDesc(!desc);
    else {
      setKey(k);
      setDesc(false);
    }
  };
  return { key, desc, rows, sortBy };
}

function SortHeader(props: { k: SortKey; label: string; className: string; sortKey: SortKey; desc: boolean; onSort: (k: SortKey) => void }) {
  const { k, label, className, sortKey, desc, onSort } = props;
  return (
    <div role="columnheader" className={className} aria-sort={sortKey === k ? (desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="hover:underline" data-testid={`holders-sort-${k}`} onClick={() => onSort(k)}>
        {label}
        {sortKey === k ? (desc ? ' ▾' : ' ▴') : ''}
      </button>
    </div>
  );
}

/** The counts and the exports: the CSV in the order shown, the JSON the whole report as answered. */
function HoldersSummary({ r, rows }: { r: HoldersReport; rows: HoldersReport['holders'] }) {
  const base = `holders-${r.path.split('\\').pop() || 'root'}`.replace(/[^\w.-]+/g, '_').slice(0, 80);
  return (
    <div className="flex flex-wrap items-center gap-2 text-[var(--color-dim)]">
      <span data-testid="holders-summary">
        {r.holders.length} handle{r.holders.length === 1 ? '' : 's'} in {new Set(r.holders.map((h) => h.pid)).size} process{new Set(r.holders.map((h) => h.pid)).size === 1 ? '' : 'es'}
        {r.method === 'snapshot' ? ' (recorded)' : ` (found by ${r.method})`}
      </span>
      <button type="button" className="rounded border border-[var(--color-line)] px-1.5 hover:bg-[var(--color-hover)]" data-testid="holders-export-csv" onClick={() => download(`${base}.csv`, 'text/csv', holdersCsv(rows))}>
        CSV
      </button>
      <button
        type="button"
        className="rounded border border-[var(--color-line)] px-1.5 hover:bg-[var(--color-hover)]"
        data-testid="holders-export-json"
        onClick={() => download(`${base}.json`, 'application/json', `${JSON.stringify(r, null, 2)}\n`)}
      >
        JSON
      </button>
    </div>
  );
}

function UnexaminedList({ unexamined }: { unexamined: HoldersReport['unexamined'] }) {
  return (
    <div className="mt-1" data-testid="holders-unexamined">
      <div className="text-[var(--color-dim)]">Processes whose handles could not be examined</div>
      <ul>
        {unexamined.map((u) => (
          <li key={u.pid} data-testid="unexamined" data-pid={u.pid}>
            {u.name ? displayName(u.name, 200).text : '?'} (pid {u.pid}): {formatStatus({ status: u.status })}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What one process holds; also used by the zombie panel for a holder. */
export function ProcessHandles({ pid, onClose }: { pid: number; onClose?: () => void }) {
  const q = useProcessHandles(pid);
  return (
    <div className="mt-2 rounded border border-[var(--color-line)] p-1.5" data-testid="process-handles" data-pid={pid}>
      <div className="flex items-center gap-2">
        <span className="font-medium">Process {pid} holds</span>
        {onClose && (
          <button type="button" className="ml-auto text-[var(--color-dim)] hover:underline" data-testid="process-handles-close" onClick={onClose}>
            close
          </button>
        )}
      </div>
      {q.isPending ? (
        <p className="text-[var(--color-dim)]">Loading…</p>
      ) : q.isError ? (
        <p className="text-[var(--color-bad)]" role="alert">
          {q.error.message}
        </p>
      ) : q.data === null ? (
        <p className="text-[var(--color-dim)]">This source has no handle data.</p>
      ) : !q.data.ok ? (
        <p className="text-[var(--color-bad)]" data-testid="process-handles-failed">
          {formatStatus(q.data)}
        </p>
      ) : !q.data.value.handles.ok ? (
        <p className="text-[var(--color-bad)]" data-testid="process-handles-denied">
          {q.data.value.image ?? `pid ${pid}`} cannot be examined: {formatStatus(q.data.value.handles.error)}
        </p>
      ) : (
        <HeldTable handles={q.data.value.handles.value} fileHandlesSkipped={q.data.value.fileHandlesSkipped} />
      )}
    </div>
  );
}

function HeldTable({ handles, fileHandlesSkipped }: { handles: HeldHandle[]; fileHandlesSkipped: number }) {
  return (
    <>
      <div className="text-[var(--color-dim)]" data-testid="process-handles-summary">
        {handles.length} handles to named objects{fileHandlesSkipped ? `; ${fileHandlesSkipped} File handles not named` : ''}
      </div>
      <div className="overflow-x-auto" data-scroll-x>
        <table className="mt-0.5 w-full border-collapse text-[12px]">
          <thead>
            <tr className="text-left text-[var(--color-dim)]">
              <th className="pr-2 font-normal">Handle</th>
              <th className="pr-2 font-normal">Type</th>
              <th className="font-normal">Name</th>
            </tr>
          </thead>
          <tbody>
            {handles.map((h) => (
              <tr key={h.handle} className="border-t border-[var(--color-line)] align-top" data-testid="held" data-handle={h.handle}>
                <td className="pr-2 font-mono">0x{h.handle.toString(16)}</td>
                <td className="whitespace-nowrap pr-2">{h.type}</td>
                <td className="break-words font-mono" title={`${hex32(h.access)} ${(h.rights ?? []).join(', ')}`}>
                  <PathWrap path={h.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
