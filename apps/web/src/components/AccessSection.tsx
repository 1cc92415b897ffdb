'use client';
// Properties › Access: what each principal may do to the object, and the ACE (or rule) that
// decided each right. The engine is core's, run here in the browser on the descriptor already
// shown, so it answers from snapshots with no agent. Principals are typed as on the command line
// (`everyone`, `S-1-5-32-545,S-1-1-0@low`); a bad one gets an inline message, never a blank.
// `current` and the principals derived from it (low, restricted, appcontainer) start from the
// source's token, asked once through the router (`access.token`): the live agent's own, or the
// one a snapshot recorded, which the page's local link reads from the file itself.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { accessCheck, describeAccess, integrityName, parsePrincipal, type ObjectDetails } from '@objscope/core';
import { hex32 } from '../lib/format';
import { useTRPC } from '../lib/trpc';

const DEFAULT_PRINCIPALS = ['everyone', 'S-1-5-11,S-1-1-0@low'];

export function AccessSection({ d }: { d: ObjectDetails }) {
  const trpc = useTRPC();
  // The token of a source never changes (the agent's process token, a file's meta.token). An
  // agent that cannot answer leaves `current` with the no-token sentence, as an old snapshot does.
  const tokenQuery = useQuery({ ...trpc.access.token.queryOptions(), staleTime: Infinity, retry: false });
  const token = tokenQuery.data ?? null;
  // Null until the user adds or removes one, so `current` joins the defaults once a token is known.
  const [edited, setPrincipals] = useState<string[] | null>(null);
  const [draft, setDraft] = useState('');
  const principals = edited ?? (token ? ['current', ...DEFAULT_PRINCIPALS] : DEFAULT_PRINCIPALS);
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
    // data-token says whether the token question is still out, so a test watching the agent's
    // traffic can start after the page's own requests rather than race them.
    <section data-testid="props-access" data-token={tokenQuery.isPending ? 'pending' : 'settled'}>
      <h3 className="mb-0.5 border-b border-[var(--color-line)] text-[11px] font-semibold uppercase tracking-wide text-[var(--color-dim)]">Access</h3>
      <ul className="space-y-1">
        {principals.map((text) => {
          // Without a token (an old snapshot) `current` and its kin say so inline.
          const p = parsePrincipal(text, token);
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
          placeholder="add a principal: current, low, everyone, S-1-5-32-545,S-1-1-0@low"
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
