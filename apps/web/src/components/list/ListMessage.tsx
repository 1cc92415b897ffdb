'use client';
import type { DirectoryView } from '../../hooks/useDirectory';
import { displayPath, formatStatus, isAccessDenied, isVanished, statusWithDetail } from '../../lib/format';
import { ListState } from './ListState';

/** What shows in place of rows: loading, a failed listing (denied, gone, other), empty. */
export function ListMessage({ path, dir, filter, listedBefore }: { path: string; dir: DirectoryView; filter: string; listedBefore: boolean }) {
  if (dir.status === 'loading') return <ListState testid="list-loading">Loading {displayPath(path)}…</ListState>;
  if (dir.status === 'error') {
    return (
      <ListState testid="list-error" bad>
        Cannot list {displayPath(path)}: {dir.error?.message}
      </ListState>
    );
  }
  if (dir.status === 'failed' && dir.failure) {
    const f = dir.failure;
    return (
      <ListState testid={isAccessDenied(f.status) ? 'list-denied' : 'list-failed'} bad>
        {isAccessDenied(f.status)
          ? `${displayPath(path)} cannot be listed: ${formatStatus(f)}.`
          : isVanished(f.status)
            ? `${displayPath(path)} ${listedBefore ? 'no longer exists' : 'does not exist'} (${formatStatus(f)}).`
            : `${displayPath(path)} cannot be listed: ${statusWithDetail(f)}`}
      </ListState>
    );
  }
  if (dir.status === 'ok' && dir.total === 0) {
    return <ListState testid="list-empty">{filter ? 'No names in this directory match the filter.' : 'This directory is empty.'}</ListState>;
  }
  return null;
}
