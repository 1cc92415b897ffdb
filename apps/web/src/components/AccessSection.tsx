'use client';
// Properties › Access: what each principal may do to the object, and the ACE (or rule) that
// decided each right. The engine is core's, run here in the browser on the descriptor already
// shown, so it answers from snapshots with no agent. Principals are typed as on the command line
// (`everyone`, `S-1-5-32-545,S-1-1-0@low`); a bad one gets an inline message, never a blank.
import { useState, type FormEvent } from 'react';
import { accessCheck, describeAccess, integrityName, parsePrincipal, type ObjectDetails } from '@objscope/core';
import { hex32 } from '../lib/format';

const DEFAULT_PRINCIPALS = ['everyone', 'S-1-5-11,S-1-1-0@low'];

export function AccessSection({ d }: { d: ObjectDetails }) {
  const [principals, setPrincipals] = useState<string[]>(DEFAULT_PRINCIPALS);
  const [draft, setDraft] = useState('');
  if (!d.security.ok || !d.typeInfo.ok) return null;
  const sd = d.security.value;
  const mapping = d.typeInfo.value.genericMapping;
  const add = (e: FormEvent) => {
    e.preventDefault();
    const text = draft.trim();
    if (text && !principals.includes(text)) setPrincipals([...principals, text]);
    setDraft('');
  };
  return (
    <section data-testid="props-access">
      <h3 className="mb-0.5 border-b border-[var(--color-line)] text-[11px] font-semibold uppercase tracking-wide text-[var(--color-dim)]">Access</h3>
      <ul className="space-y-1">
        {principals.map((text) => {
          // The current user's token is not known to the browser: such principals say so inline.
          const p = parsePrincipal(text, null);
          return (
            <li key={text} data-testid="access-principal" className="rounded bg-[var(--color-sunken)] p-1">
              <div className="flex items-start justify-between gap-2">
                <span className="break-all font-mono text-[11px]">{text}</span>
                <button type="button" className="text-[11px] text-[var(--color-dim)] underline" aria-label={`Remove principal ${text}`} onClick={() => setPrincipals(principals.filter((x) => x !== text))}>
                  remove
                </button>
              </div>
              {p.ok ? <Answer r={describeAccess(accessCheck(sd, mapping, p.value), p.value, d.type)} /> : (
                <p role="alert" className="text-[var(--color-bad)]" data-testid="access-error">
                  {p.message}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <form onSubmit={add} className="mt-1 flex gap-1">
        <input
          className="min-w-0 flex-1 rounded border border-[var(--color-line)] bg-[var(--color-panel)] px-1 font-mono text-[11px]"
          placeholder="add a principal: everyone, anonymous, S-1-5-32-545,S-1-1-0@low"
          aria-label="Add a principal"
          data-testid="access-add"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="rounded border border-[var(--color-line)] px-1.5 text-[11px]">
          Add
        </button>
      </form>
    </section>
  );
}

function Answer({ r }: { r: ReturnType<typeof describeAccess> }) {
  return (
    <div className="text-[12px]">
      <div data-testid="access-granted">
        <span className="text-[var(--color-dim)]">{integrityName(r.integrity)}: </span>
        {r.granted ? (
          <>
            <span className="font-mono">{hex32(r.granted)}</span> {r.rights.join(', ')}
          </>
        ) : (
          <span className="text-[var(--color-bad)]">no access</span>
        )}
      </div>
      <ul className="ml-3 list-disc">
        {r.decidedBy.map((x, i) => (
          <li key={i} data-testid="access-reason" className={x.effect === 'deny' ? 'text-[var(--color-bad)]' : ''}>
            {x.rule}: {x.rights.join(', ')}
          </li>
        ))}
      </ul>
    </div>
  );
}
