'use client';
// The Zombies view: exited processes and threads that handles keep alive, and who holds them.
// Live sources rescan on the zombies.watch subscription (pausable); snapshots show the report
// they were captured with. Every name is rendered as text (NameText escapes control chars).
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ZombieProcess, ZombieReport, ZombieThread } from '@objscope/core';
import { unseenSentence } from '@objscope/core';
import { useTRPC } from '../../lib/trpc';
import { useSession } from '../../lib/session';
import { useSourceInfo } from '../../hooks/useSourceInfo';
import { displayName, formatBytes, formatCount, formatStatus, formatTime } from '../../lib/format';
import { NameText } from '../NameText';
import { download } from '../../lib/export';
import {
  accessHex,
  displayDosPath,
  filterRows,
  handleHex,
  holderGroups,
  holderSentence,
  plural,
  zombiesHeld,
  rowsFor,
  sortRows,
  toCsv,
  toJson,
  type ZombieRow,
  type ZombieSortKey,
  type ZombieTab,
} from './model';
import { ProcessHandles } from '../handles/HandlesSection';

const WATCH_MS = 5000;
const ROW = 26;

type View = 'by-zombie' | 'by-holder';

/** A fresh subscription's first event, with added/removed relative to the report on screen. */
function sinceShown(shown: ZombieReport | null, e: { report: ZombieReport; added: number[]; removed: number[] }) {
  if (!shown) return { ...e, added: [], removed: [] };
  const before = new Set(shown.processes.map((p) => p.pid));
  const now = new Set(e.report.processes.map((p) => p.pid));
  return { report: e.report, added: [...now].filter((pid) => !before.has(pid)), removed: [...before].filter((pid) => !now.has(pid)) };
}
function exitCodeText(code: number): string {
  return code > 0xffff ? accessHex(code) : String(code);
}

export function ZombiePanel() {
  const trpc = useTRPC();
  const { mode } = useSession();
  const info = useSourceInfo().data;
  const isLive = mode === 'agent' && (info?.kind === 'live' || info?.kind === 'wine');
  const [paused, setPaused] = useState(false);
  const scan = useQuery({ ...trpc.zombies.scan.queryOptions(), retry: false });
  const [live, setLive] = useState<{ report: ZombieReport; added: number[]; removed: number[] } | null>(null);
  // The first event of each subscription lists every zombie as added. On first open that is not
  // news; after a Resume, what is news is the difference from what the page showed when paused.
  const primed = useRef(false);
  useEffect(() => {
    primed.current = false;
  }, [paused]);
  const sub = useSubscription(
    trpc.zombies.watch.subscriptionOptions(
      { intervalMs: WATCH_MS },
      {
        enabled: isLive && !paused,
        onData: (e) => {
          const first = !primed.current;
          primed.current = true;
          setLive((prev) => (first ? sinceShown(prev?.report ?? scan.data ?? null, e) : e));
        },
      },
    ),
  );
  const report: ZombieReport | null = live?.report ?? scan.data ?? null;

  const [tab, setTab] = useState<ZombieTab>('processes');
  const [view, setView] = useState<View>('by-zombie');
  const [filter, setFilter] = useState('');
  const [holderPid, setHolderPid] = useState<number | null>(null);
  const [sort, setSort] = useState<{ key: ZombieSortKey; desc: boolean }>({ key: 'id', desc: false });
  const [selected, setSelected] = useState<number | null>(null);

  const all = useMemo(() => rowsFor(report, tab), [report, tab]);
  const rows = useMemo(() => sortRows(filterRows(all, filter, holderPid), sort.key, sort.desc), [all, filter, holderPid, sort]);
  const holders = useMemo(() => holderGroups(filterRows(all, filter)), [all, filter]);
  const current = selected === null ? null : (all.find((r) => r.id === selected) ?? null);

  const switchTab = (t: ZombieTab) => {
    setTab(t);
    setSelected(null);
    setHolderPid(null);
  };

  const exportName = `objscope-zombies-${tab}-${(report?.scannedAt ?? 'report').replace(/[:.]/g, '-')}`;

  return (
    <div className="flex h-full min-h-[480px] flex-col gap-3" data-testid="zombie-panel">
      <header className="flex flex-wrap items-center gap-3">
        <h2 className="text-base font-semibold">Zombie processes and threads</h2>
        <span className="text-[var(--color-dim)]">exited, but kept alive by a handle someone never closed</span>
        <span className="flex-1" />
        {isLive ? (
          <>
            <span data-testid="zombies-live" data-status={paused ? 'paused' : sub.status} className="flex items-center gap-1 text-[12px]">
              <span className={`inline-block h-2 w-2 rounded-full ${paused ? 'bg-[var(--color-dim)]' : sub.status === 'pending' ? 'bg-[var(--color-good)]' : sub.status === 'error' ? 'bg-[var(--color-bad)]' : 'bg-[var(--color-dim)]'}`} />
              {paused ? 'paused' : sub.status === 'pending' ? `rescanning every ${WATCH_MS / 1000} s` : sub.status === 'error' ? 'live updates interrupted' : 'connecting'}
            </span>
            <button type="button" data-testid="zombies-pause" className="rounded border border-[var(--color-line)] px-2 py-0.5" onClick={() => setPaused((p) => !p)}>
              {paused ? 'Resume' : 'Pause'}
            </button>
            <button
              type="button"
              data-testid="zombies-rescan"
              className="rounded border border-[var(--color-line)] px-2 py-0.5"
              onClick={() => {
                setLive(null);
                void scan.refetch();
              }}
            >
              Rescan
            </button>
          </>
        ) : (
          <span className="text-[12px] text-[var(--color-dim)]">as captured in the snapshot</span>
        )}
        <button type="button" data-testid="zombies-export-csv" disabled={!report} className="rounded border border-[var(--color-line)] px-2 py-0.5 disabled:opacity-50" onClick={() => download(`${exportName}.csv`, toCsv(rows, tab), 'text/csv')}>
          CSV
        </button>
        <button type="button" data-testid="zombies-export-json" disabled={!report} className="rounded border border-[var(--color-line)] px-2 py-0.5 disabled:opacity-50" onClick={() => report && download(`${exportName.replace(`-${tab}`, '')}.json`, toJson(report), 'application/json')}>
          JSON
        </button>
      </header>

      {scan.isPending && !live && <p className="text-[var(--color-dim)]">Scanning handles…</p>}
      {scan.isError && !live && (
        <p className="text-[var(--color-bad)]" role="alert">
          {scan.error.message}
        </p>
      )}
      {scan.isSuccess && !report && !live && (
        <p className="text-[var(--color-dim)]" data-testid="zombies-none">
          This source has no zombie data (a snapshot captured without a zombie scan).
        </p>
      )}

      {report && (
        <>
          <Summary report={report} added={live?.added.length ?? null} />
          <div className="flex flex-wrap items-center gap-2">
            <div role="tablist" className="flex rounded border border-[var(--color-line)]">
              {(['processes', 'threads'] as const).map((t) => (
                <button
                  key={t}
                  type="button"
                  role="tab"
                  aria-selected={tab === t}
                  data-testid={`tab-${t}`}
                  className={`px-3 py-1 ${tab === t ? 'bg-[var(--color-accent)] text-white' : ''}`}
                  onClick={() => switchTab(t)}
                >
                  {t === 'processes' ? `Processes (${formatCount(report.processes.length)})` : `Threads (${formatCount(report.threads.length)})`}
                </button>
              ))}
            </div>
            <div className="flex rounded border border-[var(--color-line)]">
              <button type="button" data-testid="zombies-by-zombie" aria-pressed={view === 'by-zombie'} className={`px-3 py-1 ${view === 'by-zombie' ? 'bg-[var(--color-hover)] font-medium' : ''}`} onClick={() => setView('by-zombie')}>
                By zombie
              </button>
              <button type="button" data-testid="zombies-by-holder" aria-pressed={view === 'by-holder'} className={`px-3 py-1 ${view === 'by-holder' ? 'bg-[var(--color-hover)] font-medium' : ''}`} onClick={() => setView('by-holder')}>
                By holder
              </button>
            </div>
            <input
              type="search"
              data-testid="zombie-filter"
              aria-label="Filter zombies"
              placeholder="Filter: image, PID, holder…"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              className="min-w-[16rem] rounded border border-[var(--color-line)] bg-transparent px-2 py-1"
            />
            {holderPid !== null && (
              <button type="button" data-testid="zombie-holder-filter" className="rounded bg-[var(--color-hover)] px-2 py-0.5" onClick={() => setHolderPid(null)}>
                held by pid {holderPid} ✕
              </button>
            )}
            <span className="text-[12px] text-[var(--color-dim)]">
              {view === 'by-zombie' ? `${formatCount(rows.length)} of ${formatCount(all.length)} shown` : plural(holders.length, 'holder')}
            </span>
          </div>
          {holderPid !== null && (
            // #14: the holder's own handle list, the same one Properties opens for a holder.
            <details className="text-[12px]" data-testid="zombie-holder-handles">
              <summary className="cursor-pointer">What pid {holderPid} holds</summary>
              <ProcessHandles pid={holderPid} />
            </details>
          )}

          <div className="flex min-h-0 flex-1 gap-3">
            {view === 'by-zombie' ? (
              <ZombieTable rows={rows} total={all.length} tab={tab} sort={sort} onSort={setSort} selected={selected} onSelect={setSelected} />
            ) : (
              <HolderList
                groups={holders}
                tab={tab}
                onPick={(pid) => {
                  setHolderPid(pid);
                  setView('by-zombie');
                }}
              />
            )}
            {view === 'by-zombie' && current && <ZombieDetail row={current} onClose={() => setSelected(null)} />}
          </div>
        </>
      )}
    </div>
  );
}

function Summary({ report, added }: { report: ZombieReport; added: number | null }) {
  const s = report.summary;
  const top = s.topHolders[0];
  const unseen = unseenSentence(s);
  return (
    <section className="rounded-lg border border-[var(--color-line)] bg-[var(--color-panel)] px-4 py-2" data-testid="zombie-summary">
      <p className="text-base">
        <strong>{plural(s.zombieProcesses, 'zombie process')}</strong>, <strong>{plural(s.zombieThreads, 'zombie thread')}</strong>
        <span className="text-[var(--color-dim)]">
          {' '}
          · {formatCount(s.pidsHeld)} PIDs held · about {formatBytes(s.estimatedBytes)} of kernel memory
        </span>
      </p>
      {top && (
        <p data-testid="zombie-top-holder">
          Top holder: <NameText name={top.imageName ?? '?'} max={60} /> (pid {top.pid}) holds {zombiesHeld(top)}
        </p>
      )}
      <p className="text-[12px] text-[var(--color-dim)]">
        {formatCount(s.handlesScanned)} handles scanned in {s.scanMs} ms · {formatTime(report.scannedAt)}
        {added !== null && added > 0 && ` · ${plural(added, 'new zombie process')} since the last scan`}
        {' · '}
        {s.heldByKernel === null
          ? 'unattributed zombies: not checked (NtGetNextProcess is missing here)'
          : `unattributed (no examined handle explains them): ${formatCount(s.heldByKernel)}`}
      </p>
      {unseen && (
        <p className="text-[12px] text-[var(--color-bad)]" data-testid="zombie-unseen">
          The scan {unseen}.
        </p>
      )}
      {s.holderErrors.length > 0 && (
        <details className="mt-1" data-testid="zombie-holder-errors">
          <summary className="cursor-pointer text-[var(--color-bad)]">
            {plural(s.holderErrors.length, 'holder')} could not be opened; their handles were not examined
          </summary>
          <ul className="ml-4 list-disc">
            {s.holderErrors.map((e) => (
              <li key={e.pid}>
                <NameText name={e.imageName ?? '?'} max={60} /> (pid {e.pid}): {formatStatus(e.error)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

const COLS: { key: ZombieSortKey; label: (tab: ZombieTab) => string; cls: string }[] = [
  { key: 'id', label: (t) => (t === 'processes' ? 'PID' : 'TID'), cls: 'text-right' },
  { key: 'image', label: () => 'Image', cls: 'text-left' },
  { key: 'exitCode', label: () => 'Exit code', cls: 'text-right' },
  { key: 'exitTime', label: () => 'Exited', cls: 'text-left' },
  { key: 'owner', label: (t) => (t === 'processes' ? 'Parent' : 'Process'), cls: 'text-right' },
  { key: 'holders', label: () => 'Held by', cls: 'text-left' },
];
const GRID = 'grid grid-cols-[4.5rem_minmax(6rem,1fr)_5.5rem_11.5rem_9.5rem_minmax(8rem,1.4fr)] gap-x-3 items-center';

/**
 * A recorded parent PID is shown as a parent only when a process with that PID exists and was
 * created before the child (the creation-time rule of System Informer and WinObjEx64): the
 * creator may have exited, and PIDs are reused, so the bare number can name a stranger.
 */
const NON_EXISTENT_PARENT = '<non-existent parent>';
function nonExistentParentWhy(pid: number): string {
  return `recorded parent PID ${pid}: no process with that PID exists now, or the one that does was created after this one (the PID was reused)`;
}

function ZombieTable(props: {
  rows: ZombieRow[];
  /** Zombies of this tab before filtering (tells "none here" from "none match"). */
  total: number;
  tab: ZombieTab;
  sort: { key: ZombieSortKey; desc: boolean };
  onSort: (s: { key: ZombieSortKey; desc: boolean }) => void;
  selected: number | null;
  onSelect: (id: number) => void;
}) {
  const { rows, total, tab, sort, onSort, selected, onSelect } = props;
  const parentRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => parentRef.current, estimateSize: () => ROW, overscan: 15 });
  useEffect(() => {
    parentRef.current?.scrollTo({ top: 0 });
  }, [tab]);
  return (
    <div className="flex min-w-0 flex-1 flex-col rounded border border-[var(--color-line)]" data-testid="zombie-table" role="grid" aria-label={tab === 'processes' ? 'Zombie processes' : 'Zombie threads'}>
      <div className={`${GRID} border-b border-[var(--color-line)] px-2 py-1 font-medium`} role="row">
        {COLS.map((c) => (
          <button
            key={c.key}
            type="button"
            role="columnheader"
            data-testid={`zombie-sort-${c.key}`}
            aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
            className={c.cls}
            onClick={() => onSort(sort.key === c.key ? { key: c.key, desc: !sort.desc } : { key: c.key, desc: c.key === 'holders' })}
          >
            {c.label(tab)} {sort.key === c.key ? (sort.desc ? '▼' : '▲') : ''}
          </button>
        ))}
      </div>
      <div ref={parentRef} className="min-h-[160px] flex-1 overflow-auto" role={rows.length === 0 ? undefined : 'rowgroup'}>
        {rows.length === 0 ? (
          <p className="p-3 text-[var(--color-dim)]" data-testid="zombies-empty">
            {total > 0
              ? `None of the ${plural(total, tab === 'processes' ? 'zombie process' : 'zombie thread')} matches the filter.`
              : tab === 'processes'
                ? 'No zombie processes here: every exited process has been released.'
                : 'No zombie threads here.'}
          </p>
        ) : (
          <div style={{ height: v.getTotalSize(), position: 'relative' }}>
            {v.getVirtualItems().map((vi) => {
              const r = rows[vi.index]!;
              const first = r.holders[0];
              return (
                <div
                  key={r.id}
                  role="row"
                  tabIndex={0}
                  aria-selected={selected === r.id}
                  data-testid="zombie-row"
                  data-id={r.id}
                  className={`${GRID} absolute left-0 right-0 cursor-pointer px-2 ${selected === r.id ? 'bg-[var(--color-selected,var(--color-hover))]' : 'hover:bg-[var(--color-hover)]'}`}
                  style={{ top: vi.start, height: ROW }}
                  onClick={() => onSelect(r.id)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') onSelect(r.id);
                  }}
                >
                  <span role="gridcell" className="text-right tabular-nums">{r.id}</span>
                  <span role="gridcell" className="min-w-0 truncate">
                    <NameText name={r.image || '?'} max={40} className="truncate" />
                  </span>
                  <span role="gridcell" className="text-right tabular-nums">{exitCodeText(r.exitCode)}</span>
                  <span role="gridcell" className="truncate text-[12px]">{formatTime(r.exitTime)}</span>
                  <span
                    role="gridcell"
                    data-testid="zombie-owner"
                    data-trusted={String(r.ownerTrusted)}
                    className={`truncate text-right tabular-nums ${r.ownerTrusted === false ? 'text-[var(--color-dim)]' : ''}`}
                    title={r.ownerTrusted === false && r.owner !== null ? nonExistentParentWhy(r.owner) : undefined}
                  >
                    {r.ownerTrusted === false && r.owner !== null ? NON_EXISTENT_PARENT : (r.owner ?? '—')}
                  </span>
                  <span role="gridcell" className="truncate">
                    {r.heldByKernel ? (
                      <span className="text-[var(--color-dim)]">unattributed</span>
                    ) : first ? (
                      <>
                        {displayName(first.imageName ?? '?', 40).text} ({first.pid}){r.holders.length > 1 ? ` +${r.holders.length - 1}` : ''}
                      </>
                    ) : (
                      '—'
                    )}
                  </span>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

function HolderList({ groups, tab, onPick }: { groups: ReturnType<typeof holderGroups>; tab: ZombieTab; onPick: (pid: number) => void }) {
  const parentRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: groups.length, getScrollElement: () => parentRef.current, estimateSize: () => ROW + 4, overscan: 10 });
  const max = Math.max(1, ...groups.map((g) => g.zombies));
  return (
    <div ref={parentRef} className="min-h-[160px] flex-1 overflow-auto rounded border border-[var(--color-line)]" data-testid="zombie-holders">
      {groups.length === 0 ? (
        <p className="p-3 text-[var(--color-dim)]">Nobody holds a zombie {tab === 'processes' ? 'process' : 'thread'}.</p>
      ) : (
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const g = groups[vi.index]!;
            const name = displayName(g.imageName ?? '?', 60);
            return (
              <button
                key={g.pid}
                type="button"
                data-testid="holder-row"
                data-pid={g.pid}
                title={`${name.full}: ${g.handles} handles; show these zombies`}
                className="absolute left-0 right-0 grid grid-cols-[minmax(0,1.2fr)_minmax(0,1fr)_7rem] items-center gap-3 px-3 text-left hover:bg-[var(--color-hover)]"
                style={{ top: vi.start, height: ROW + 4 }}
                onClick={() => onPick(g.pid)}
              >
                <span className="truncate">{holderSentence(g, tab, name.text)}</span>
                <span className="block h-3">
                  <span className="block h-3 rounded bg-[var(--color-accent)]" style={{ width: `${Math.max(0.5, (g.zombies / max) * 100)}%` }} />
                </span>
                <span className="whitespace-nowrap text-right text-[12px] text-[var(--color-dim)]">{plural(g.handles, 'handle')}</span>
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-[var(--color-dim)]">{label}</dt>
      <dd className="min-w-0 break-all">{children}</dd>
    </>
  );
}

function ZombieDetail({ row, onClose }: { row: ZombieRow; onClose: () => void }) {
  const p = row.kind === 'processes' ? (row.source as ZombieProcess) : null;
  const t = row.kind === 'threads' ? (row.source as ZombieThread) : null;
  return (
    <aside className="w-[26rem] shrink-0 overflow-auto rounded border border-[var(--color-line)] bg-[var(--color-panel)] p-3" data-testid="zombie-detail">
      <div className="mb-2 flex items-center">
        <h3 className="font-semibold">
          {row.kind === 'processes' ? 'Process' : 'Thread'} {row.id}
        </h3>
        <span className="flex-1" />
        <button type="button" aria-label="Close details" onClick={onClose}>
          ✕
        </button>
      </div>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-2 gap-y-0.5">
        <Field label="Image">
          <NameText name={row.image || '?'} />
        </Field>
        {p && (
          <Field label="Path">
            {p.imagePath ? <span title={p.imagePath}>{displayDosPath(p.imagePath)}</span> : <span className="text-[var(--color-dim)]">unknown</span>}
          </Field>
        )}
        <Field label="Exit code">
          {row.exitCode} ({accessHex(row.exitCode)})
        </Field>
        <Field label="Created">{formatTime(row.createTime)}</Field>
        <Field label="Exited">{formatTime(row.exitTime)}</Field>
        {p && (
          <>
            <Field label="CPU time">
              {p.userTimeMs ?? '?'} ms user, {p.kernelTimeMs ?? '?'} ms kernel
            </Field>
            <Field label="Parent">
              {p.parentPid === null ? (
                'unknown'
              ) : p.parentExists === false ? (
                <span data-testid="zombie-detail-parent" className="[word-break:normal] [overflow-wrap:anywhere]">
                  {NON_EXISTENT_PARENT} — {nonExistentParentWhy(p.parentPid)}
                </span>
              ) : p.parentExists === null ? (
                <span>{p.parentPid} (cannot tell whether it is the original parent)</span>
              ) : (
                String(p.parentPid)
              )}
            </Field>
          </>
        )}
        {t && (
          <Field label="Process">
            {t.pid} <NameText name={t.imageName ?? '?'} max={60} />
          </Field>
        )}
        {(p?.objectAddress ?? t?.objectAddress) && <Field label="Object">{p?.objectAddress ?? t?.objectAddress}</Field>}
      </dl>
      <h4 className="mt-3 mb-1 font-medium">
        {row.heldByKernel ? 'Unattributed: no handle the scan could examine accounts for it' : `Held by ${plural(row.holders.length, 'handle')}`}
      </h4>
      {p?.unattributedReason && <p className="mb-1 text-[12px] text-[var(--color-dim)]">{p.unattributedReason}</p>}
      {row.holders.length > 0 && (
        <table className="w-full border-collapse text-[12px]" data-testid="zombie-detail-holders">
          <thead>
            <tr className="text-left text-[var(--color-dim)]">
              <th className="font-normal">Holder</th>
              <th className="text-right font-normal">PID</th>
              <th className="text-right font-normal">Handle</th>
              <th className="text-right font-normal">Access</th>
            </tr>
          </thead>
          <tbody>
            {row.holders.map((h) => (
              <tr key={`${h.pid}:${h.handle}`} className="border-t border-[var(--color-line)]">
                <td>
                  <NameText name={h.imageName ?? '?'} max={40} />
                </td>
                <td className="text-right tabular-nums">{h.pid}</td>
                <td className="text-right font-mono">{handleHex(h.handle)}</td>
                <td className="text-right font-mono">{accessHex(h.grantedAccess)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </aside>
  );
}
