'use client';
// A point in time as WinObj and Explorer show it, in the viewer's local time zone, with the UTC
// time on hover (#22 item 8): the local clock is what a user compares with, UTC what they quote.
import { formatLocalTime, formatTime } from '../lib/format';

export function Time({ iso, testid }: { iso: string | null; testid?: string }) {
  if (!iso) return <span data-testid={testid}>—</span>;
  return (
    <time dateTime={iso} title={formatTime(iso)} data-testid={testid}>
      {formatLocalTime(iso)}
    </time>
  );
}
