'use client';
import type { ReactNode } from 'react';

/** A message in place of rows (loading, empty, denied, failed): not a row, so no row role. */
export function ListState({ children, testid, bad }: { children: ReactNode; testid: string; bad?: boolean }) {
  return (
    <div data-testid={testid} role={bad ? 'alert' : 'status'} className={`sticky left-0 m-4 max-w-[40rem] rounded border px-3 py-2 ${bad ? 'border-[var(--color-bad)] bg-[var(--color-bad-bg)] text-[var(--color-bad)]' : 'border-[var(--color-line)] text-[var(--color-dim)]'}`}>
      {children}
    </div>
  );
}
