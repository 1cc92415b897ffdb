'use client';
// The Fleet view (objscope --fleet STORE): one question across every host's snapshot. Find
// searches as you type (the agent's named `find`, debounced, parameters bound there), with a
// hosts x matches table and how many hosts matched per capture day; Drift compares each host
// with a chosen baseline; Zombies shows the hosts ranked as bars. A click on a host or a path
// opens that host's snapshot in the explorer at that path, as a dropped file opens.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { FleetDriftAnswer, FleetZombieAnswer } from '@objscope/core';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { useSession } from '../../lib/session';
import { decodeBytes } from '../../lib/boot';
import { displayPath, formatCount } from '../../lib/format';
import { useUi } from '../../store/ui';
import { NameText } from '../NameText';
import { Bar } from '../Bar';
import { ExportButtons } from '../ExportButtons';
import { driftCsv, driftJson, findCsv, findJson, matchRows, splitPath, zombiesCsv, zombiesJson, type MatchRow } from './model';

const DEBOUNCE_MS = 300;
const ROW = 26;
const FIND_LIMIT = 2000;
const ZOMBIE_BARS = 30;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Opens one host's capture in the explorer, at `path` (the object selected in its directory). */
function useOpenHost(): { open: (host: string, capturedAt: string, path: string, view?: 'zombies') => void; opening: string | null } {
  const client = useTRPCClient();
  const session = useSession();
  const notify = useUi((s) => s.notify);
  const [opening, setOpening] = useState<string | null>(null);
  const open = (host: string, capturedAt: string, path: string, view?: 'zombies') => {
    setOpening(host);
    void (async () => {
      try {
        const f = await client.fleet.snapshot.query({ host, capturedAt });
        const bin = atob(f.base64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        const r = await decodeBytes(bytes);
        if (!r.ok) throw new Error(r.error);
        const { dir, name } = splitPath(path);
        await session.openSnapshot(r.snapshot, `Fleet host ${host}, captured ${capturedAt} (${f.fileName})`, { path: dir, sel: name });
        if (view) useUi.getState().setView(view);
      } catch (e) {
        notify('error', `Could not open the snapshot of ${host}: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        setOpening(null);
      }
    })();
  };
  return { open, opening };
}

const inputCls = 'rounded border border-[var(--color-line)] bg-[var(--color-sunken)] px-2 py-1';
const linkCls = 'text-left hover:underline focus-visible:underline';

export function FleetView() {
  const trpc = useTRPC();
  const info = useQuery({ ...trpc.fleet.info.queryOptions(), retry: false });
  const { open, opening } = useOpenHost();
  if (info.isPending) return <p className="p-4 text-[var(--color-dim)]">Loading the fleet…</p>;
  if (info.isError) return <p className="p-4 text-[var(--color-bad)]" role="alert">{info.error.message}</p>;
  if (!info.data.available) {
    return (
      <p className="p-4" data-testid="fleet-none">
        This agent serves no fleet. Start it with <code>objscope --fleet STORE</code> (a store made by <code>objscope fleet add</code>).
      </p>
    );
  }
  const hosts = info.data.hosts;
  return (
    <div className="min-h-0 flex-1 overflow-auto p-4" data-testid="fleet-view">
      <h2 className="mb-1 text-base font-semibold">
        Fleet <NameText name={info.data.label ?? ''} />: <span data-testid="fleet-host-count">{formatCount(hosts.length)}</span> hosts
      </h2>
      <p className="mb-3 text-[var(--color-dim)]">
        Each host answers from its latest snapshot. Click a host or a path to open that snapshot in the explorer.
        {opening !== null && (
          <span role="status" data-testid="fleet-opening">
            {' '}
            Opening the snapshot of <NameText name={opening} />…
          </span>
        )}
      </p>
      <FindSection open={open} />
      <DriftSection hosts={hosts.map((h) => h.host)} open={open} />
      <ZombiesSection open={open} />
    </div>
  );
}

type Open = ReturnType<typeof useOpenHost>['open'];

function FindSection({ open }: { open: Open }) {
  const trpc = useTRPC();
  const [text, setText] = useState('');
  const [regex, setRegex] = useState(false);
  const [type, setType] = useState('');
  const pattern = useDebounced(text.trim(), DEBOUNCE_MS);
  const input = { pattern, regex, ...(type.trim() ? { type: type.trim() } : {}) };
  const enabled = pattern.length > 0;
  const find = useQuery({ ...trpc.fleet.find.queryOptions({ ...input, limit: FIND_LIMIT }), enabled, retry: false, placeholderData: (p) => p });
  const history = useQuery({ ...trpc.fleet.history.queryOptions(input), enabled, retry: false, placeholderData: (p) => p });
  const rows = useMemo(() => (enabled && find.data ? matchRows(find.data.matches) : []), [enabled, find.data]);
  const settled = enabled && find.isSuccess && !find.isFetching && !find.isPlaceholderData;

  return (
    <section className="mb-6" aria-labelledby="fleet-find-h" data-testid="fleet-find">
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <h3 id="fleet-find-h" className="font-semibold">
          Find across hosts
        </h3>
        <input
          data-testid="fleet-find-input"
          aria-label="Name or path pattern"
          spellCheck={false}
          placeholder={regex ? 'RE2 pattern on name and path' : 'Name glob (* ?), or a path with \\'}
          className={`${inputCls} min-w-0 flex-1 font-mono`}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <input data-testid="fleet-find-type" aria-label="Object type (optional)" placeholder="any type" className={`${inputCls} w-28`} value={type} onChange={(e) => setType(e.target.value)} />
        <label className="flex items-center gap-1">
          <input type="checkbox" data-testid="fleet-find-regex" checked={regex} onChange={(e) => setRegex(e.target.checked)} />
          regex
        </label>
        <ExportButtons
          what="the fleet matches"
          testid="fleet-find-export"
          fileName="objscope-fleet-find"
          disabled={!find.data || !enabled}
          csv={() => findCsv(find.data!)}
          json={() => findJson(input, find.data!, history.data ?? null)}
        />
      </div>
      {find.isError && enabled && (
        <p role="alert" className="text-[var(--color-bad)]" data-testid="fleet-find-error">
          {find.error.message}
        </p>
      )}
      {enabled && find.data && (
        <p data-testid="fleet-find-summary" data-settled={settled ? 'yes' : 'no'} className="mb-1">
          <span data-testid="fleet-find-hosts">{formatCount(find.data.hosts)}</span> host{find.data.hosts === 1 ? '' : 's'},{' '}
          {formatCount(find.data.total)} match{find.data.total === 1 ? '' : 'es'}
          {find.data.total > find.data.matches.length ? ` (the first ${formatCount(find.data.matches.length)} listed)` : ''}
        </p>
      )}
      {!enabled && <p className="text-[var(--color-dim)]">Type a name such as <code>XYZ-Mutex-*</code> to see which hosts have it.</p>}
      <div className="flex flex-wrap items-start gap-4">
        <div className="min-w-[22rem] flex-1">
          {rows.length > 0 && <FindMatches rows={rows} open={open} />}
          {settled && rows.length === 0 && <p data-testid="fleet-find-empty">No host has a match.</p>}
        </div>
        {enabled && history.data && history.data.timeline.length > 0 && <Timeline days={history.data.timeline} />}
      </div>
    </section>
  );
}

/** The hosts x matches table, virtualized: a host's name and count on its first row only. */
function FindMatches({ rows, open }: { rows: MatchRow[]; open: Open }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 12 });
  return (
    <div role="table" aria-label="Hosts and their matches" data-testid="fleet-matches" className="rounded border border-[var(--color-line)]">
      <div role="row" className="grid grid-cols-[minmax(8rem,1fr)_4rem_7rem_minmax(12rem,3fr)] border-b border-[var(--color-line)] bg-[var(--color-panel)] px-2 py-1 font-medium">
        <span role="columnheader">Host</span>
        <span role="columnheader" className="text-right">Matches</span>
        <span role="columnheader" className="pl-3">Type</span>
        <span role="columnheader">Path</span>
      </div>
      <div ref={scrollRef} className="max-h-80 overflow-auto" role="rowgroup">
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((it) => {
            const r = rows[it.index]!;
            return (
              <div
                key={it.key}
                role="row"
                data-testid="fleet-match"
                data-host={r.host}
                data-path={r.path}
                className="absolute left-0 right-0 grid grid-cols-[minmax(8rem,1fr)_4rem_7rem_minmax(12rem,3fr)] items-center px-2 hover:bg-[var(--color-hover)]"
                style={{ top: it.start, height: ROW }}
              >
                <span role="cell" className="truncate">
                  {r.first && (
                    <button type="button" className={linkCls} data-testid="fleet-match-host" title={`Open ${r.host}'s snapshot at its root`} onClick={() => open(r.host, r.capturedAt, '\\')}>
                      <NameText name={r.host} max={40} />
                    </button>
                  )}
                </span>
                <span role="cell" className="text-right tabular-nums">
                  {r.first ? formatCount(r.hostMatches) : ''}
                </span>
                <span role="cell" className="truncate pl-3">
                  <NameText name={r.type} max={24} />
                </span>
                <span role="cell" className="truncate font-mono">
                  <button type="button" className={linkCls} data-testid="fleet-match-open" title="Open this host's snapshot here" onClick={() => open(r.host, r.capturedAt, r.path)}>
                    {displayPath(r.path)}
                  </button>
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function Timeline({ days }: { days: { day: string; captured: number; matched: number }[] }) {
  const W = 320;
  const H = 120;
  const max = Math.max(1, ...days.map((d) => d.captured));
  const bw = Math.max(4, Math.min(40, (W - 30) / days.length - 4));
  return (
    <figure data-testid="fleet-timeline" className="shrink-0">
      <figcaption className="mb-1 text-[var(--color-dim)]">
        Hosts matching per capture day:{' '}
        <span className="inline-block h-2.5 w-2.5 rounded-sm bg-[var(--color-accent)]" aria-hidden="true" /> matched,{' '}
        <span className="inline-block h-2.5 w-2.5 rounded-sm bg-[var(--color-line)]" aria-hidden="true" /> captured
      </figcaption>
      <svg width={W} height={H + 30} viewBox={`0 0 ${W} ${H + 30}`} role="img" aria-label={`Hosts matching per day: ${days.map((d) => `${d.day} ${d.matched} of ${d.captured}`).join('; ')}`}>
        {days.map((d, i) => {
          const x = 24 + i * (bw + 4);
          const hc = (d.captured / max) * H;
          const hm = (d.matched / max) * H;
          return (
            <g key={d.day} data-testid="fleet-timeline-day" data-day={d.day} data-matched={d.matched} data-captured={d.captured}>
              <rect x={x} y={H - hc + 4} width={bw} height={hc} fill="var(--color-line)">
                <title>{`${d.day}: ${d.captured} hosts captured`}</title>
              </rect>
              <rect x={x} y={H - hm + 4} width={bw} height={hm} fill="var(--color-accent)">
                <title>{`${d.day}: ${d.matched} of ${d.captured} hosts matched`}</title>
              </rect>
              {d.matched > 0 && bw >= 14 && (
                <text x={x + bw / 2} y={H - hm} textAnchor="middle" fontSize="11" fill="var(--color-fg)">
                  {d.matched}
                </text>
              )}
              {(i === 0 || i === days.length - 1) && (
                <text x={x} y={H + 20} fontSize="11" fill="var(--color-dim)">
                  {d.day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
        <text x="0" y="12" fontSize="11" fill="var(--color-dim)">
          {max}
        </text>
        <text x="0" y={H + 4} fontSize="11" fill="var(--color-dim)">
          0
        </text>
      </svg>
    </figure>
  );
}

function DriftSection({ hosts, open }: { hosts: string[]; open: Open }) {
  const trpc = useTRPC();
  const [baseline, setBaseline] = useState('');
  const drift = useQuery({ ...trpc.fleet.drift.queryOptions({ baseline, limit: 20 }), enabled: baseline !== '', retry: false });
  const [expanded, setExpanded] = useState<string | null>(null);
  const d: FleetDriftAnswer | undefined = baseline !== '' ? drift.data : undefined;
  const drifted = d ? d.hosts.filter((h) => h.missing > 0 || h.extra > 0) : [];
  return (
    <section className="mb-6" aria-labelledby="fleet-drift-h" data-testid="fleet-drift">
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <h3 id="fleet-drift-h" className="font-semibold">
          Drift against a baseline
        </h3>
        <select data-testid="fleet-baseline" aria-label="Baseline host" value={baseline} onChange={(e) => setBaseline(e.target.value)} className={`${inputCls} max-w-64`}>
          <option value="">choose the baseline host…</option>
          {hosts.map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </select>
        <ExportButtons what="the drift" testid="fleet-drift-export" fileName="objscope-fleet-drift" disabled={!d} csv={() => driftCsv(d!)} json={() => driftJson(d!)} />
      </div>
      {drift.isError && baseline !== '' && (
        <p role="alert" className="text-[var(--color-bad)]">
          {drift.error.message}
        </p>
      )}
      {d && (
        <>
          <p data-testid="fleet-drift-summary" className="mb-1">
            {formatCount(drifted.length)} of {formatCount(d.hosts.length)} hosts differ from <NameText name={d.baseline.host} /> ({formatCount(d.baseline.objects)} objects)
          </p>
          <table className="border-collapse" data-testid="fleet-drift-table">
            <thead>
              <tr className="border-b border-[var(--color-line)]">
                <th className="px-2 py-1 text-left font-medium">Host</th>
                <th className="px-2 py-1 text-right font-medium">Missing</th>
                <th className="px-2 py-1 text-right font-medium">Extra</th>
                <th className="px-2 py-1 text-left font-medium">Differences</th>
              </tr>
            </thead>
            <tbody>
              {drifted.map((h) => (
                <DriftRow key={h.host} h={h} expanded={expanded === h.host} onToggle={() => setExpanded(expanded === h.host ? null : h.host)} open={open} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** One host that differs from the baseline: its counts, and the differences on request. */
function DriftRow({ h, expanded, onToggle, open }: { h: FleetDriftAnswer['hosts'][number]; expanded: boolean; onToggle: () => void; open: Open }) {
  return (
    <tr className="border-b border-[var(--color-line)] align-top" data-testid="fleet-drift-row" data-host={h.host}>
      <td className="px-2 py-0.5">
        <button type="button" className={linkCls} data-testid="fleet-drift-open" title={`Open ${h.host}'s snapshot`} onClick={() => open(h.host, h.capturedAt, '\\')}>
          <NameText name={h.host} max={40} />
        </button>
      </td>
      <td className="px-2 text-right tabular-nums" data-testid="fleet-drift-missing">{formatCount(h.missing)}</td>
      <td className="px-2 text-right tabular-nums" data-testid="fleet-drift-extra">{formatCount(h.extra)}</td>
      <td className="px-2">
        <button type="button" className="text-[var(--color-dim)] hover:underline" aria-expanded={expanded} onClick={onToggle}>
          {expanded ? 'hide' : 'show'}
        </button>
        {expanded && (
          <ul className="font-mono">
            {h.missingList.map((m) => (
              <li key={`m${m.path}`}>
                − {displayPath(m.path)} <span className="text-[var(--color-dim)]">({m.type})</span>
              </li>
            ))}
            {h.extraList.map((m) => (
              <li key={`e${m.path}`}>
                +{' '}
                <button type="button" className={linkCls} data-testid="fleet-drift-extra-open" onClick={() => open(h.host, h.capturedAt, m.path)}>
                  {displayPath(m.path)}
                </button>{' '}
                <span className="text-[var(--color-dim)]">({m.type})</span>
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

function ZombiesSection({ open }: { open: Open }) {
  const trpc = useTRPC();
  const z = useQuery({ ...trpc.fleet.zombies.queryOptions({}), retry: false });
  const data: FleetZombieAnswer[] = z.data ?? [];
  const bars = data.filter((h) => h.recorded && h.total > 0).slice(0, ZOMBIE_BARS);
  const none = data.filter((h) => h.recorded && h.total === 0).length;
  const unrecorded = data.filter((h) => !h.recorded).length;
  const max = Math.max(1, ...bars.map((b) => b.total));
  const LABEL = 150;
  const BAR = 260;
  return (
    <section aria-labelledby="fleet-zombies-h" data-testid="fleet-zombies">
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <h3 id="fleet-zombies-h" className="font-semibold">
          Zombies by host
        </h3>
        <ExportButtons what="the zombies by host" testid="fleet-zombies-export" fileName="objscope-fleet-zombies" disabled={!z.data} csv={() => zombiesCsv(data)} json={() => zombiesJson(data)} />
      </div>
      {z.isError && (
        <p role="alert" className="text-[var(--color-bad)]">
          {z.error.message}
        </p>
      )}
      {z.data && (
        <>
          <p className="mb-1 text-[var(--color-dim)]" data-testid="fleet-zombies-summary">
            {bars.length === 0 ? 'No host has zombies.' : `The ${bars.length} hosts with the most zombies (square-root scale).`} {none} with none
            {unrecorded ? `, ${unrecorded} not scanned` : ''}. Click a host to open its Zombies view.
          </p>
          <ul aria-label="Zombies per host" className="space-y-0.5">
            {bars.map((h) => (
              <li key={h.host} data-testid="fleet-zombie-bar" data-host={h.host} data-total={h.total}>
                <button
                  type="button"
                  className="flex w-full max-w-[48rem] items-center gap-2 rounded text-left hover:bg-[var(--color-hover)]"
                  title={`Open ${h.host}'s snapshot in the Zombies view`}
                  onClick={() => open(h.host, h.capturedAt, '\\', 'zombies')}
                >
                  <span className="truncate text-right" style={{ width: LABEL, flex: 'none' }}>
                    <NameText name={h.host} max={24} />
                  </span>
                  <Bar value={h.total} max={max} scale="sqrt" full={BAR} least={2} unit="px" className="h-3.5 rounded-sm" />
                  <span className="tabular-nums">{formatCount(h.total)}</span>
                  <span className="truncate text-[var(--color-dim)]">
                    {h.topHolder === null ? '' : (
                      <>
                        held by <NameText name={h.topHolder} max={30} /> ({formatCount(h.topHolderCount)})
                      </>
                    )}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
