'use client';
import { lazy, Suspense, type ReactNode } from 'react';
import { daclAbsence, joinNtPath, poolTypeName, type AceInfo, type Field, type ObjectDetails, type TypeState, STATUS } from '@objscope/core';
import { useUi } from '../store/ui';
import { useSourceInfo } from '../hooks/useSourceInfo';
import { useObjectDetails } from '../hooks/useObjectDetails';
import { displayName, displayPath, formatBytes, formatCount, formatStatus, hex32, isAccessDenied, isVanished, statusWithDetail } from '../lib/format';
import { TypeIcon } from './TypeIcon';
import { goToChainEnd } from './ListPane';
import { PathWrap } from './PathWrap';
import { Time } from './Time';

// Holders and "who can open" carry the rights tables and their own queries; the cold page shows
// the root, which has neither open, so they load when first shown (issue 22 item 9).
const HandlesSection = lazy(() => import('./handles/HandlesSection').then((m) => ({ default: m.HandlesSection })));
const AccessSection = lazy(() => import('./AccessSection').then((m) => ({ default: m.AccessSection })));

export function PropertiesPane() {
  const path = useUi((s) => s.path);
  const sel = useUi((s) => s.sel);
  const target = sel === null ? path : joinNtPath(path, sel);
  return (
    <aside className="flex min-w-0 flex-1 flex-col border-l border-[var(--color-line)] bg-[var(--color-panel)]" data-testid="properties" aria-label="Properties">
      <div className="border-b border-[var(--color-line)] bg-[var(--color-sunken)] px-3 py-1 font-medium">Properties</div>
      {/* Focusable so a keyboard user can scroll long details (axe: scrollable-region-focusable). */}
      <div className="min-h-0 flex-1 overflow-auto px-3 py-2" tabIndex={0} role="region" aria-label="Object details">
        <Details path={target} listed={sel !== null} />
      </div>
    </aside>
  );
}

/** `listed`: the object was picked from a listing, so a not-found now means it went away. */
export function Details({ path, listed }: { path: string; listed: boolean }) {
  const kind = useSourceInfo().data?.kind;
  // On a live source this re-reads the object as it changes (watch + a modest poll).
  const q = useObjectDetails(path);
  if (q.isPending) return <p className="text-[var(--color-dim)]" data-testid="props-loading">Loading…</p>;
  if (q.isError)
    return (
      <p className="text-[var(--color-bad)]" role="alert" data-testid="props-error">
        {q.error.message}
      </p>
    );
  const r = q.data;
  if (!r.ok) {
    const denied = isAccessDenied(r.status);
    const gone = isVanished(r.status);
    // A snapshot never changes, and a path typed or linked to may never have existed: only a
    // live object picked from a listing "no longer exists".
    const vanished = gone && listed && (kind === 'live' || kind === 'wine');
    return (
      <div data-testid={denied ? 'props-denied' : gone ? 'props-vanished' : 'props-failed'} role="alert">
        <p className="break-all font-mono">{displayPath(path)}</p>
        <p className="mt-2 rounded border border-[var(--color-bad)] bg-[var(--color-bad-bg)] px-2 py-1 text-[var(--color-bad)]">
          {/* The status names the failure; words are added only where they say more than it does. */}
          {vanished ? 'This object no longer exists' : gone ? 'This object does not exist' : 'Cannot open this object'}: {statusWithDetail(r)}
        </p>
      </div>
    );
  }
  return <DetailsView d={r.value} />;
}

function DetailsView({ d }: { d: ObjectDetails }) {
  // The root's name is one backslash; escaping it as a name would show two.
  const name = d.path === '\\' ? { text: '\\' } : displayName(d.name, 10_000);
  const unrecorded = (f: Field<unknown> | null) => f === null || (!f.ok && (f.error.status >>> 0) === STATUS.NOT_SUPPORTED);
  // A snapshot without recorded details (format version 1, or captured with --no-details):
  // one note instead of four blanks. Not on a live source, though: there the same status means
  // "deliberately not opened".
  const kind = useSourceInfo().data?.kind;
  const live = kind === 'live' || kind === 'wine';
  const namesOnly = !live && unrecorded(d.basic) && unrecorded(d.security) && unrecorded(d.typeInfo) && unrecorded(d.state);
  return (
    <div className="space-y-3" data-testid="props-body" data-path={d.path}>
      <div className="flex items-start gap-2">
        <TypeIcon type={d.type} size={20} />
        <div className="min-w-0">
          <div className="whitespace-pre-wrap break-all font-medium" data-testid="props-name">
            {name.text}
          </div>
          <div className="text-[var(--color-dim)]" data-testid="props-type">
            {d.type}
          </div>
        </div>
      </div>
      <Section title="Path">
        <div className="break-words font-mono text-[12px]" data-testid="props-path">
          <PathWrap path={d.path} />
        </div>
      </Section>

      {d.link && <LinkSection link={d.link} />}

      {d.path !== '\\' && (
        <Suspense fallback={null}>
          <HandlesSection path={d.path} handleCount={d.basic.ok ? d.basic.value.handleCount : null} />
        </Suspense>
      )}

      {namesOnly && (
        <p className="text-[var(--color-dim)]" data-testid="props-names-only">
          This snapshot recorded names, types and link targets only (it was taken without details, or by an objscope older than snapshot format
          version 2); handle counts, security and state come from a live system or a newer capture.
        </p>
      )}

      {!namesOnly && (
      <>
      <ObjectSection basic={d.basic} />

      {d.state && (
        <Section title="State" testid="props-state">
          <FieldView f={d.state}>{(s) => <StateView s={s} />}</FieldView>
        </Section>
      )}

      <SecuritySection security={d.security} />

      <Suspense fallback={null}>
        <AccessSection key={d.path} d={d} />
      </Suspense>

      <TypeInfoSection typeInfo={d.typeInfo} />
      </>
      )}
    </div>
  );
}

/** A symbolic link's target and the chain the kernel would follow, with a way to its end. */
function LinkSection({ link }: { link: NonNullable<ObjectDetails['link']> }) {
  const navigate = useUi((s) => s.navigate);
  const notify = useUi((s) => s.notify);
  return (
    <Section title="Symbolic link" testid="props-link">
      <KV k="Target" v={link.target !== null ? <span className="break-all font-mono" data-testid="link-target">{displayPath(link.target)}</span> : link.dynamic ? 'resolved by the kernel (dynamic link)' : '(empty)'} />
      <KV k="Dynamic" v={link.dynamic ? 'yes' : 'no'} />
      <KV k="Created" v={link.creationTime ? <Time iso={link.creationTime} /> : 'not reported'} testid="link-created" />
      <div className="mt-1 text-[var(--color-dim)]">Resolution chain</div>
      <ol className="mt-0.5 space-y-0.5" data-testid="link-chain">
        {link.chain.hops.map((h, i) => (
          <li key={i} className="flex gap-1.5" data-testid="link-hop">
            <span className="text-[var(--color-dim)]">{i + 1}.</span>
            <span className="min-w-0 break-all font-mono text-[12px]">
              {displayPath(h.path)}
              {h.type && <span className="ml-1 font-sans text-[var(--color-dim)]">({h.type})</span>}
              {h.error && <span className="ml-1 font-sans text-[var(--color-bad)]">{formatStatus(h.error)}</span>}
            </span>
          </li>
        ))}
      </ol>
      <div className="mt-1 flex flex-wrap items-center gap-2" data-testid="link-final">
        {link.chain.loop && <Badge bad>loop</Badge>}
        {link.chain.dangling && <span title="STATUS_OBJECT_NAME_NOT_FOUND: the target does not exist, or the link was made by a sandboxed process and only its sandbox may follow it"><Badge bad>target not found</Badge></span>}
        {link.chain.truncated && <Badge bad>too many hops</Badge>}
        {link.chain.final !== null && (
          <button
            type="button"
            data-testid="go-to-target"
            className="rounded border border-[var(--color-accent)] px-2 py-0.5 text-[var(--color-accent)] hover:bg-[var(--color-hover)]"
            onClick={() => goToChainEnd(link.chain, navigate, notify)}
          >
            Go to target →
          </button>
        )}
      </div>
    </Section>
  );
}

function ObjectSection({ basic }: { basic: ObjectDetails['basic'] }) {
  return (
    <Section title="Object" testid="props-basic">
      <FieldView f={basic}>
        {(b) => (
          <>
            <KV k="Handles" v={formatCount(b.handleCount)} testid="props-handles" />
            <KV k="References" v={formatCount(b.pointerCount)} testid="props-pointers" />
            <KV k="Paged pool charge" v={formatBytes(b.pagedPoolCharge)} />
            <KV k="Non-paged pool charge" v={formatBytes(b.nonPagedPoolCharge)} />
            <KV k="Created" v={b.creationTime ? <Time iso={b.creationTime} /> : 'not reported (zero)'} testid="basic-created" />
            <KV k="Attributes" v={hex32(b.attributes)} />
            <KV k="Granted access" v={hex32(b.grantedAccess)} />
          </>
        )}
      </FieldView>
    </Section>
  );
}

function SecuritySection({ security }: { security: ObjectDetails['security'] }) {
  return (
    <Section title="Security" testid="props-security">
      <FieldView f={security}>
        {(s) => (
          <>
            <KV k="Owner" v={<Account sid={s.owner} name={s.ownerAccount} />} testid="props-owner" />
            <KV k="Group" v={<Account sid={s.group} name={s.groupAccount} />} testid="props-group" />
            <div className="mt-1 text-[var(--color-dim)]">SDDL</div>
            <pre className="whitespace-pre-wrap break-all rounded bg-[var(--color-sunken)] p-1.5 font-mono text-[11px]" data-testid="props-sddl">
              {s.sddl === null ? '—' : s.sddl === '' ? '(empty: no security descriptor returned)' : s.sddl}
            </pre>
            <AceTable title="DACL" aces={s.dacl} absent={daclAbsence(s.sddl)} testid="props-dacl" />
            {s.sacl && s.sacl.length > 0 && <AceTable title="SACL" aces={s.sacl} absent="" testid="props-sacl" />}
          </>
        )}
      </FieldView>
    </Section>
  );
}

function TypeInfoSection({ typeInfo }: { typeInfo: ObjectDetails['typeInfo'] }) {
  return (
    <Section title="Type" testid="props-typeinfo">
      <FieldView f={typeInfo}>
        {(t) => (
          <>
            <KV k="Type" v={`${t.name}${t.index !== null ? ` (index ${t.index})` : ''}`} />
            <KV k="Objects of this type" v={`${formatCount(t.totalObjects)} (peak ${formatCount(t.highWaterObjects)})`} />
            <KV k="Handles of this type" v={`${formatCount(t.totalHandles)} (peak ${formatCount(t.highWaterHandles)})`} />
            <KV k="Valid access mask" v={hex32(t.validAccessMask)} />
            <KV k="Generic mapping" v={`R ${hex32(t.genericMapping.read)} W ${hex32(t.genericMapping.write)} X ${hex32(t.genericMapping.execute)} A ${hex32(t.genericMapping.all)}`} />
            <KV k="Security required" v={t.securityRequired ? 'yes' : 'no'} />
            <KV k="Pool type" v={poolTypeName(t.poolType)} testid="props-pooltype" />
          </>
        )}
      </FieldView>
    </Section>
  );
}

/** An account name with its SID, or the bare SID where the name was not known. */
function Account({ sid, name }: { sid: string | null; name: string | null | undefined }) {
  if (!sid) return <>—</>;
  if (!name) return <span className="font-mono text-[12px]">{sid}</span>;
  return (
    <span title={sid}>
      {name} <span className="whitespace-nowrap font-mono text-[11px] text-[var(--color-dim)]">{sid}</span>
    </span>
  );
}

function StateView({ s }: { s: TypeState }) {
  switch (s.kind) {
    case 'event':
      return (
        <>
          <KV k="Event type" v={s.eventType} />
          <KV k="Signaled" v={<Signal on={s.signaled} />} testid="props-signaled" />
        </>
      );
    case 'mutant':
      return (
        <>
          <KV k="Count" v={String(s.count)} />
          <KV k="Abandoned" v={s.abandoned ? 'yes' : 'no'} />
          <KV k="Owned by caller" v={s.ownedByCaller === null ? 'unknown' : s.ownedByCaller ? 'yes' : 'no'} />
        </>
      );
    case 'semaphore':
      return <KV k="Count" v={`${s.count} of ${s.maximum}`} />;
    case 'section':
      return (
        <>
          <KV k="Size" v={`${formatBytes(Number(s.size))} (${s.size} bytes)`} />
          <KV k="Attributes" v={`${hex32(s.attributes)} ${s.attributeNames.join(' ')}`} />
        </>
      );
    case 'timer':
      return (
        <>
          <KV k="Signaled" v={<Signal on={s.signaled} />} />
          <KV k="Remaining" v={s.remaining ?? '—'} />
        </>
      );
  }
}

export function Signal({ on }: { on: boolean | null }) {
  if (on === null) return <span className="text-[var(--color-dim)]">unknown</span>;
  return (
    <span className="inline-flex items-center gap-1" data-signaled={on}>
      <span className={`inline-block h-2.5 w-2.5 rounded-full ${on ? 'bg-[var(--color-warn)]' : 'border border-[var(--color-dim)]'}`} />
      {on ? 'signaled' : 'not signaled'}
    </span>
  );
}

function AceTable({ title, aces, absent, testid }: { title: string; aces: AceInfo[] | null; absent: string; testid: string }) {
  return (
    <div className="mt-2" data-testid={testid}>
      <div className="text-[var(--color-dim)]">{title}</div>
      {aces === null ? (
        <p data-testid={`${testid}-absent`}>{absent}</p>
      ) : aces.length === 0 ? (
        <p>empty (nobody has access)</p>
      ) : (
        <table className="mt-0.5 w-full border-collapse text-[12px]">
          <thead>
            <tr className="text-left text-[var(--color-dim)]">
              <th className="pr-2 font-normal">Type</th>
              <th className="pr-2 font-normal">Account</th>
              <th className="font-normal">Rights</th>
            </tr>
          </thead>
          <tbody>
            {aces.map((a, i) => (
              <tr key={i} className="border-t border-[var(--color-line)] align-top" data-testid="ace">
                <td className={`pr-2 ${a.type.includes('DENIED') ? 'text-[var(--color-bad)]' : ''}`}>{a.type.replace(/_ACE$/, '').replaceAll('_', ' ').toLowerCase()}</td>
                <td className="w-[45%] max-w-0 pr-2" title={a.account ? `${a.account} (${a.sid})` : a.sid}>
                  {/* Accounts never wrap mid-word ("BUILTIN\Us ers"): cut with an ellipsis, the full name in the tooltip. */}
                  <div className="truncate" data-testid="ace-account">{a.account ?? a.sid}</div>
                  {/* Every flag, wrapping between names: a cut list hid INHERIT_ONLY and INHERITED. */}
                  {a.flags.length > 0 && (
                    <div className="flex flex-wrap gap-x-1.5 text-[11px] text-[var(--color-dim)]" data-testid="ace-flags">
                      {a.flags.map((f) => (
                        <span key={f}>{f}</span>
                      ))}
                    </div>
                  )}
                </td>
                <td className="break-words">
                  <span className="font-mono">{hex32(a.mask)}</span> {a.rights.join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function FieldView<T>({ f, children }: { f: Field<T>; children: (v: T) => ReactNode }) {
  const kind = useSourceInfo().data?.kind;
  const live = kind === 'live' || kind === 'wine';
  if (f.ok) return <>{children(f.value)}</>;
  if ((f.error.status >>> 0) === STATUS.NOT_SUPPORTED) {
    // Absence, not failure: a snapshot without details, or an object a capture does not open,
    // and the live agent deliberately never opens devices and files (an open can have side effects).
    return (
      <p className="text-[var(--color-dim)]" data-testid="field-unsupported">
        {live ? 'Not queried: objscope does not open objects of this type' : 'Not recorded by this source'} ({formatStatus(f.error)})
      </p>
    );
  }
  return (
    <p className="text-[var(--color-bad)]" data-testid={isAccessDenied(f.error.status) ? 'field-denied' : 'field-error'}>
      Not available: {formatStatus(f.error)}
    </p>
  );
}

function Section({ title, children, testid }: { title: string; children: ReactNode; testid?: string }) {
  return (
    <section data-testid={testid}>
      <h3 className="mb-0.5 border-b border-[var(--color-line)] text-[11px] font-semibold uppercase tracking-wide text-[var(--color-dim)]">{title}</h3>
      {children}
    </section>
  );
}

function KV({ k, v, testid }: { k: string; v: ReactNode; testid?: string }) {
  return (
    <div className="flex gap-2 py-px">
      <span className="w-40 shrink-0 text-[var(--color-dim)]">{k}</span>
      <span className="min-w-0 break-words" data-testid={testid}>
        {v}
      </span>
    </div>
  );
}

function Badge({ children, bad }: { children: ReactNode; bad?: boolean }) {
  return <span className={`rounded px-1.5 text-[11px] ${bad ? 'bg-[var(--color-bad-bg)] text-[var(--color-bad)]' : 'bg-[var(--color-sunken)]'}`}>{children}</span>;
}
