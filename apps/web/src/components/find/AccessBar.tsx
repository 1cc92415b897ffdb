'use client';
// Find's second row: what Find asks about (names, or the weak-security view) and the access
// filter "accessible to PRINCIPAL with RIGHTS", in the CLI's grammar (`access --find --as P
// --rights R`). The filter applies on Enter or Apply: each application is a namespace-wide
// evaluation (and, live, a capture), not something to run on every keystroke.
import type { KeyboardEvent } from 'react';
import { NAMED_PRINCIPALS } from '@objscope/core';
import { useFindAccess } from './access-store';

const field = 'min-w-0 rounded border border-[var(--color-line)] bg-[var(--color-sunken)] px-2 py-1 font-mono';
const RIGHTS_EXAMPLES = ['write', 'modify', 'read', 'execute', 'all', 'QUERY_STATE', 'MODIFY_STATE', 'WRITE_DAC', 'DELETE'];

export function AccessBar() {
  const { view, draft, applied, setView, setDraft, apply, clear } = useFindAccess();
  const tab = (v: typeof view) => `px-3 py-1 ${view === v ? 'bg-[var(--color-hover)] font-medium' : ''}`;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      apply();
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-[var(--color-line)] px-2 py-1.5" data-testid="find-access">
      <div role="group" aria-label="What to find" className="flex overflow-hidden rounded border border-[var(--color-line)]">
        <button type="button" data-testid="find-view-names" aria-pressed={view === 'names'} className={tab('names')} onClick={() => setView('names')}>
          Objects
        </button>
        <button type="button" data-testid="find-view-weak" aria-pressed={view === 'weak'} className={tab('weak')} onClick={() => setView('weak')}>
          Weak security
        </button>
      </div>
      {view === 'names' ? (
        <>
          <label htmlFor="find-principal" className="text-[12px] text-[var(--color-dim)]">
            accessible to
          </label>
          <input id="find-principal" data-testid="find-principal" list="find-principals" spellCheck={false} placeholder="everyone, low, S-1-5-…" className={`${field} w-44 flex-1`} value={draft.principal} onChange={(e) => setDraft({ principal: e.target.value })} onKeyDown={onKey} />
          <label htmlFor="find-rights" className="text-[12px] text-[var(--color-dim)]">
            with
          </label>
          <input id="find-rights" data-testid="find-rights" list="find-rights-list" spellCheck={false} placeholder="write, modify, QUERY_STATE…" className={`${field} w-40 flex-1`} value={draft.rights} onChange={(e) => setDraft({ rights: e.target.value })} onKeyDown={onKey} />
          <button type="button" data-testid="find-access-apply" onClick={apply} className="rounded border border-[var(--color-line)] px-2 py-0.5">
            Apply
          </button>
          {applied && (
            <button type="button" data-testid="find-access-clear" onClick={clear} className="rounded border border-[var(--color-line)] px-2 py-0.5">
              Clear
            </button>
          )}
          <datalist id="find-principals">
            {NAMED_PRINCIPALS.filter((p) => !p.name.includes('…')).map((p) => (
              <option key={p.name} value={p.name.replace(/\[.*$/, '')}>
                {p.summary}
              </option>
            ))}
          </datalist>
          <datalist id="find-rights-list">
            {RIGHTS_EXAMPLES.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </>
      ) : (
        <span className="text-[12px] text-[var(--color-dim)]">NULL or empty DACLs, and objects Everyone, Authenticated Users, low integrity or any AppContainer may modify</span>
      )}
    </div>
  );
}
