'use client';
// The selected object's Properties in their own window-sized dialog (Enter, double-click, the
// context menu, or a `&props=1` deep link): the Handles and ACE tables get the room the side
// pane cannot give them. The dialog is resizable from its corner and Escape closes it.
import { useEffect, useRef } from 'react';
import { joinNtPath } from '@objscope/core';
import { useUi } from '../store/ui';
import { displayName } from '../lib/format';
import { propertiesHref } from '../lib/url';
import { Details } from './PropertiesPane';

export function PropertiesDialog() {
  const path = useUi((s) => s.path);
  const sel = useUi((s) => s.sel);
  const section = useUi((s) => s.propsSection);
  const snapshotUrl = useUi((s) => s.snapshotUrl);
  const openProperties = useUi((s) => s.openProperties);
  const ref = useRef<HTMLDivElement>(null);
  const target = sel === null ? path : joinNtPath(path, sel);
  const title = sel === null ? (path === '\\' ? '\\' : displayName(path.slice(path.lastIndexOf('\\') + 1), 80).text) : displayName(sel, 80).text;

  useEffect(() => {
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.focus();
    return () => back?.focus();
  }, []);

  // "Who holds it": the Handles section once it is drawn (details load first).
  useEffect(() => {
    if (section !== 'handles') return;
    let tries = 0;
    const t = setInterval(() => {
      const el = ref.current?.querySelector('[data-testid="props-handles-section"]');
      if (el || ++tries > 50) {
        clearInterval(t);
        el?.scrollIntoView({ block: 'start' });
      }
    }, 100);
    return () => clearInterval(t);
  }, [section, target]);

  const close = () => openProperties(false);
  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-black/30 pt-[6vh]" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby="props-dialog-title"
        tabIndex={-1}
        data-testid="props-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            close();
          }
        }}
        // resize: both gives the corner grip; min/max keep it usable and inside the window.
        className="flex resize flex-col overflow-hidden rounded-lg border border-[var(--color-line)] bg-[var(--color-panel)] shadow-2xl outline-none"
        style={{ width: 'min(960px, 92vw)', height: '82vh', minWidth: 360, minHeight: 240, maxWidth: '98vw', maxHeight: '92vh' }}
      >
        <div className="flex items-center gap-2 border-b border-[var(--color-line)] bg-[var(--color-sunken)] px-3 py-1.5">
          <h2 id="props-dialog-title" className="min-w-0 flex-1 truncate font-medium" title={target}>
            Properties: <span className="whitespace-pre">{title}</span>
          </h2>
          <a
            href={propertiesHref(path, sel, snapshotUrl)}
            target="_blank"
            rel="noopener"
            data-testid="props-dialog-newtab"
            className="rounded border border-[var(--color-line)] px-2 py-0.5 text-[12px] hover:bg-[var(--color-hover)]"
          >
            Open in new tab
          </a>
          <button type="button" data-testid="props-dialog-close" onClick={close} className="rounded border border-[var(--color-line)] px-2 py-0.5 text-[12px] hover:bg-[var(--color-hover)]">
            Close
          </button>
        </div>
        <div className="min-h-0 flex-1 overflow-auto px-4 py-3" tabIndex={0} role="region" aria-label="Object details">
          <Details path={target} listed={sel !== null} />
        </div>
      </div>
    </div>
  );
}
