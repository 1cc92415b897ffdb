'use client';
import type { DirEntry } from '@objscope/core';
import { formatCount } from '../../lib/format';
import { fileStem, listingCsv, listingJson } from '../../lib/export';
import { ExportButtons } from '../ExportButtons';
import { TextLimitNote, useTextLimit } from '../TextLimit';
import { describeChange, type LastChange } from './useLiveHighlights';

/** Above the list: the name filter, the count, the last live change, the exports. */
export function ListToolbar(props: {
  path: string;
  filter: string;
  setFilter: (f: string) => void;
  /** The entry count, or null while the listing is not there. */
  total: number | null;
  lastChange: LastChange | null;
  readAll: () => Promise<DirEntry[]>;
}) {
  const { path, filter, total, lastChange, readAll } = props;
  const filterLimit = useTextLimit(props.setFilter);
  return (
    <div className="flex items-center gap-2 border-b border-[var(--color-line)] px-2 py-1">
      <input
        data-testid="list-filter"
        aria-label="Filter by name"
        placeholder="Filter names in this directory"
        spellCheck={false}
        value={filter}
        {...filterLimit.inputProps}
        className="w-64 min-w-24 shrink rounded border border-[var(--color-line)] bg-[var(--color-sunken)] px-2 py-0.5"
      />
      <TextLimitNote cut={filterLimit.cut} what="A filter" testid="list-filter-limit" />
      <span className="whitespace-nowrap text-[var(--color-dim)]" data-testid="list-count">
        {total !== null ? `${formatCount(total)} ${filter ? 'matching' : total === 1 ? 'entry' : 'entries'}` : ''}
      </span>
      {lastChange && (
        <span data-testid="live-change" className="rounded bg-[var(--color-new)] px-1.5 text-[12px]">
          just now: {describeChange(lastChange)}
        </span>
      )}
      <span className="flex-1" />
      <ExportButtons
        what="this listing"
        testid="list-export"
        fileName={`objscope-${fileStem(path)}`}
        disabled={total === null}
        csv={async () => listingCsv(path, await readAll())}
        json={async () => listingJson(path, await readAll())}
      />
    </div>
  );
}
