// One zombie's details: image, path, exit, times, parent (trusted or not), and every handle
// that keeps it alive, or why none was found.
import type { ReactNode } from 'react';
import type { ZombieProcess, ZombieThread } from '@objscope/core';
import { NameText } from '../NameText';
import { accessHex, displayDosPath, handleHex, plural, type ZombieRow } from './model';
import { NON_EXISTENT_PARENT, nonExistentParentWhy } from './shared';
import { Time } from '../Time';
import { PathWrap } from '../PathWrap';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-[var(--color-dim)]">{label}</dt>
      <dd className="min-w-0 break-all">{children}</dd>
    </>
  );
}

export function ZombieDetail({ row, onClose }: { row: ZombieRow; onClose: () => void }) {
  const p = row.kind === 'processes' ? (row.source as ZombieProcess) : null;
  const t = row.kind === 'threads' ? (row.source as ZombieThread) : null;
  return (
    <aside className="w-[26rem] shrink-0 overflow-auto rounded border border-[var(--color-line)] bg-[var(--color-panel)] p-3" data-testid="zombie-detail">
      <div className="mb-2 flex items-center">
        <h3 className="font-semibold">
          {row.kind === 'processes' ? 'Process' : 'Thread'} {row.id}
        </h3>
        <span className="flex-1" />
        <button type="button" aria-label="Close details" onClick={onClose}>
          ✕
        </button>
      </div>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-2 gap-y-0.5">
        <Field label="Image">
          <NameText name={row.image || '?'} />
        </Field>
        {p && (
          <Field label="Path">
            {p.imagePath ? (
              <span title={p.imagePath} className="[word-break:normal] [overflow-wrap:anywhere]">
                <PathWrap path={p.imagePath} display={displayDosPath} />
              </span>
            ) : (
              <span className="text-[var(--color-dim)]">unknown</span>
            )}
          </Field>
        )}
        <Field label="Exit code">
          {row.exitCode} ({accessHex(row.exitCode)})
        </Field>
        <Field label="Created"><Time iso={row.createTime} /></Field>
        <Field label="Exited"><Time iso={row.exitTime} /></Field>
        {p && <ProcessFields p={p} />}
        {t && (
          <Field label="Process">
            {t.pid} <NameText name={t.imageName ?? '?'} max={60} />
          </Field>
        )}
        {(p?.objectAddress ?? t?.objectAddress) && <Field label="Object">{p?.objectAddress ?? t?.objectAddress}</Field>}
      </dl>
      <h4 className="mt-3 mb-1 font-medium">
        {row.heldByKernel ? 'Unattributed: no handle the scan could examine accounts for it' : `Held by ${plural(row.holders.length, 'handle')}`}
      </h4>
      {p?.unattributedReason && <p className="mb-1 text-[12px] text-[var(--color-dim)]">{p.unattributedReason}</p>}
      {row.holders.length > 0 && <HoldersOf holders={row.holders} />}
    </aside>
  );
}

/** A zombie process's CPU times and parent; the parent is named untrusted when its pid may be reused. */
function ProcessFields({ p }: { p: ZombieProcess }) {
  return (
    <>
      <Field label="CPU time">
        {p.userTimeMs ?? '?'} ms user, {p.kernelTimeMs ?? '?'} ms kernel
      </Field>
      <Field label="Parent">
        {p.parentPid === null ? (
          'unknown'
        ) : p.parentExists === false ? (
          <span data-testid="zombie-detail-parent" className="[word-break:normal] [overflow-wrap:anywhere]">
            {NON_EXISTENT_PARENT} — {nonExistentParentWhy(p.parentPid)}
          </span>
        ) : p.parentExists === null ? (
          <span>{p.parentPid} (cannot tell whether it is the original parent)</span>
        ) : (
          String(p.parentPid)
        )}
      </Field>
    </>
  );
}

function HoldersOf({ holders }: { holders: ZombieRow['holders'] }) {
  return (
    <table className="w-full border-collapse text-[12px]" data-testid="zombie-detail-holders">
      <thead>
        <tr className="text-left text-[var(--color-dim)]">
          <th className="font-normal">Holder</th>
          <th className="text-right font-normal">PID</th>
          <th className="text-right font-normal">Handle</th>
          <th className="text-right font-normal">Access</th>
        </tr>
      </thead>
      <tbody>
        {holders.map((h) => (
          <tr key={`${h.pid}:${h.handle}`} className="border-t border-[var(--color-line)]">
            <td>
              <NameText name={h.imageName ?? '?'} max={40} />
            </td>
            <td className="text-right tabular-nums">{h.pid}</td>
            <td className="text-right font-mono">{handleHex(h.handle)}</td>
            <td className="text-right font-mono">{accessHex(h.grantedAccess)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
