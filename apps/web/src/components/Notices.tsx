'use client';
// The one notice line under the toolbar. The store keeps at most one notice (a new one replaces
// the old); this dismisses it after NOTICE_MS, unless the pointer or focus is on it, so it can
// still be read or dismissed by hand.
import { useEffect, useState } from 'react';
import { NOTICE_MS, useUi, type Notice } from '../store/ui';

export function Notices() {
  const notices = useUi((s) => s.notices);
  return (
    <>
      {notices.map((n) => (
        <NoticeLine key={n.id} n={n} />
      ))}
    </>
  );
}

function NoticeLine({ n }: { n: Notice }) {
  const dismiss = useUi((s) => s.dismiss);
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (held) return;
    const t = setTimeout(() => dismiss(n.id), NOTICE_MS[n.kind]);
    return () => clearTimeout(t);
  }, [held, n.id, n.kind, dismiss]);
  return (
    <div
      role={n.kind === 'error' ? 'alert' : 'status'}
      data-testid={n.kind === 'error' ? 'banner-rejected' : 'banner-info'}
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
      className={`flex items-start gap-2 border-b px-3 py-1.5 ${n.kind === 'error' ? 'border-[var(--color-bad)] bg-[var(--color-bad-bg)] text-[var(--color-bad)]' : 'border-[var(--color-line)] bg-[var(--color-sunken)]'}`}
    >
      <span className="min-w-0 flex-1 whitespace-pre-wrap break-words">{n.text}</span>
      <button type="button" aria-label="Dismiss notice" onClick={() => dismiss(n.id)} className="px-1">
        ×
      </button>
    </div>
  );
}
