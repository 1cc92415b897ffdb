'use client';
// CSV and JSON buttons for a view's data. The data is built on click (the listing reads every
// page first), so the buttons cost nothing until used.
import { useState } from 'react';
import { download } from '../lib/export';
import { useUi } from '../store/ui';

export function ExportButtons(props: {
  /** What is exported, for the accessible names: "Export {what} as CSV". */
  what: string;
  /** data-testid prefix: `${testid}-csv`, `${testid}-json`. */
  testid: string;
  /** File name without extension. */
  fileName: string;
  csv: () => string | Promise<string>;
  json: () => string | Promise<string>;
  disabled?: boolean;
}) {
  const notify = useUi((s) => s.notify);
  const [busy, setBusy] = useState(false);
  const run = async (kind: 'csv' | 'json') => {
    setBusy(true);
    try {
      const text = await (kind === 'csv' ? props.csv() : props.json());
      download(`${props.fileName}.${kind}`, text, kind === 'csv' ? 'text/csv;charset=utf-8' : 'application/json');
    } catch (e) {
      notify('error', `Exporting ${props.what} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  const cls = 'rounded border border-[var(--color-line)] px-2 py-0.5 text-[12px] hover:bg-[var(--color-hover)] disabled:opacity-50';
  return (
    <span className="flex shrink-0 items-center gap-1" role="group" aria-label={`Export ${props.what}`}>
      <button type="button" className={cls} data-testid={`${props.testid}-csv`} aria-label={`Export ${props.what} as CSV`} title={`Export ${props.what} as CSV`} disabled={props.disabled || busy} onClick={() => void run('csv')}>
        CSV
      </button>
      <button type="button" className={cls} data-testid={`${props.testid}-json`} aria-label={`Export ${props.what} as JSON`} title={`Export ${props.what} as JSON`} disabled={props.disabled || busy} onClick={() => void run('json')}>
        JSON
      </button>
    </span>
  );
}
