'use client';
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../lib/trpc';
import { formatCount } from '../lib/format';
import { TypeIcon } from './TypeIcon';
import { barFraction, sortTypes, type ChartScale, type TypeSortKey as Key } from '../lib/types';
import type { TypeStat } from '@objscope/core';
import { useUi } from '../store/ui';
import { ExportButtons } from './ExportButtons';
import { typesCsv, typesJson } from '../lib/export';

const SCALE_LABEL: Record<ChartScale, string> = { log: 'logarithmic scale', sqrt: 'square-root scale', linear: 'linear scale' };

const COLS: { key: Key; label: string; num: boolean }[] = [
  { key: 'name', label: 'Type', num: false },
  { key: 'index', label: 'Index', num: true },
  { key: 'objects', label: 'Objects', num: true },
  { key: 'handles', label: 'Handles', num: true },
  { key: 'peakObjects', label: 'Peak objects', num: true },
  { key: 'peakHandles', label: 'Peak handles', num: true },
];
const CHART_ROWS = 25;
const CHART_W = 560;
const LABEL_W = 150;
const BAR_W = 330;

export function TypesView() {
  const trpc = useTRPC();
  const q = useQuery(trpc.types.stats.queryOptions());
  const [sort, setSort] = useState<Sort>({ key: 'objects', desc: true });
  const rows = useMemo(() => sortTypes(q.data ?? [], sort.key, sort.desc), [q.data, sort]);
  const metric: 'objects' | 'handles' = sort.key === 'handles' || sort.key === 'peakHandles' ? 'handles' : 'objects';
  const chart = useMemo(() => sortTypes(q.data ?? [], metric, true).slice(0, CHART_ROWS), [q.data, metric]);

  return (
    <div className="min-h-0 flex-1 overflow-auto p-4" data-testid="types-view">
      <div className="mb-2 flex items-center gap-3">
        <h2 className="text-base font-semibold">Object types</h2>
        <ExportButtons what="the object types" testid="types-export" fileName="objscope-object-types" disabled={!q.data} csv={() => typesCsv(rows)} json={() => typesJson(rows)} />
      </div>
      {q.isPending && <p className="text-[var(--color-dim)]">Loading…</p>}
      {q.isError && <p className="text-[var(--color-bad)]" role="alert">{q.error.message}</p>}
      {q.data && (
        <div className="flex flex-wrap items-start gap-6">
          <TypesTable rows={rows} sort={sort} setSort={setSort} />
          <TypesChart chart={chart} metric={metric} />
        </div>
      )}
    </div>
  );
}

type Sort = { key: Key; desc: boolean };

/** The types with their counts, sorted by the clicked column; a type's name opens Find on it. */
function TypesTable({ rows, sort, setSort }: { rows: TypeStat[]; sort: Sort; setSort: (f: (s: Sort) => Sort) => void }) {
  const findType = useUi((s) => s.findType);
  const totals = rows.reduce((a, t) => ({ o: a.o + t.objects, h: a.h + t.handles }), { o: 0, h: 0 });
  return (
    <table className="border-collapse" data-testid="types-table">
      <thead>
        <tr className="border-b border-[var(--color-line)]">
          {COLS.map((c) => (
            <th key={c.key} className={`px-2 py-1 font-medium ${c.num ? 'text-right' : 'text-left'}`} aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
              <button
                type="button"
                data-testid={`types-sort-${c.key}`}
                onClick={() => setSort((s) => (s.key === c.key ? { key: c.key, desc: !s.desc } : { key: c.key, desc: c.num }))}
              >
                {c.label} {sort.key === c.key ? (sort.desc ? '▼' : '▲') : ''}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr key={t.name} className="border-b border-[var(--color-line)] hover:bg-[var(--color-hover)]" data-testid="type-row" data-name={t.name}>
            <td className="px-2 py-0.5">
              <button
                type="button"
                className="flex items-center gap-1.5 whitespace-nowrap text-left hover:underline"
                data-testid="type-find"
                title={`List every ${t.name} object (Find)`}
                aria-label={`List the ${t.name} objects`}
                onClick={() => findType(t.name)}
              >
                <TypeIcon type={t.name} />
                {t.name}
              </button>
            </td>
            <td className="px-2 text-right tabular-nums">{t.index ?? '—'}</td>
            <td className="px-2 text-right tabular-nums">{formatCount(t.objects)}</td>
            <td className="px-2 text-right tabular-nums">{formatCount(t.handles)}</td>
            <td className="px-2 text-right tabular-nums">{formatCount(t.peakObjects)}</td>
            <td className="px-2 text-right tabular-nums">{formatCount(t.peakHandles)}</td>
          </tr>
        ))}
        <tr className="font-medium">
          <td className="px-2 py-1">{rows.length} types</td>
          <td />
          <td className="px-2 text-right tabular-nums">{formatCount(totals.o)}</td>
          <td className="px-2 text-right tabular-nums">{formatCount(totals.h)}</td>
          <td colSpan={2} />
        </tr>
      </tbody>
    </table>
  );
}

/** The largest types as bars, by the metric the table is sorted on. */
function TypesChart({ chart, metric }: { chart: TypeStat[]; metric: 'objects' | 'handles' }) {
  // Counts span 1 to thousands: on a linear scale most bars are slivers, so log is the default.
  const [scale, setScale] = useState<ChartScale>('log');
  const max = Math.max(1, ...chart.map((t) => t[metric]));
  return (
    <figure data-testid="types-chart" className="shrink-0">
      <figcaption className="mb-1 flex items-center gap-2 text-[var(--color-dim)]">
        <span data-testid="types-chart-caption">
          {metric === 'objects' ? 'Objects' : 'Handles'} per type (top {chart.length}, {SCALE_LABEL[scale]})
        </span>
        <select
          aria-label="Chart scale"
          data-testid="types-chart-scale"
          value={scale}
          onChange={(e) => setScale(e.target.value === 'linear' ? 'linear' : e.target.value === 'sqrt' ? 'sqrt' : 'log')}
          className="rounded border border-[var(--color-line)] bg-[var(--color-panel)] px-1"
        >
          <option value="log">log</option>
          <option value="sqrt">square root</option>
          <option value="linear">linear</option>
        </select>
      </figcaption>
      <svg width={CHART_W} height={chart.length * 20 + 4} viewBox={`0 0 ${CHART_W} ${chart.length * 20 + 4}`} role="img" aria-label={`Bar chart of ${metric} per type`}>
        {chart.map((t, i) => {
          const w = barFraction(t[metric], max, scale) * BAR_W;
          return (
            <g key={t.name} transform={`translate(0 ${i * 20})`} data-testid="types-bar" data-name={t.name} data-width={w.toFixed(1)}>
              <text x={LABEL_W - 8} y="14" textAnchor="end" fontSize="12" fill="var(--color-fg)">
                {t.name.length > 22 ? `${t.name.slice(0, 21)}…` : t.name}
              </text>
              <rect x={LABEL_W} y="3" width={Math.max(w, 1)} height="14" rx="2" fill="var(--color-accent)">
                <title>{`${t.name}: ${formatCount(t[metric])}`}</title>
              </rect>
              <text x={LABEL_W + Math.max(w, 1) + 4} y="14" fontSize="12" fill="var(--color-dim)">
                {formatCount(t[metric])}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
