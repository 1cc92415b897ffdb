'use client';
// One side of Compare: a file chosen or dropped, or the agent's source captured now.
import { useRef, useState } from 'react';
import { decodeBytes } from '../../lib/boot';
import { createAgentClient } from '../../lib/trpc';
import { fileRejectedMessage, formatCount } from '../../lib/format';
import type { CompareSide as Side } from '../../store/compare';
import { Time } from '../Time';

/** The agent's source captured now, through the same export the Save button uses. */
async function captureAgent(): Promise<Side> {
  try {
    const client = createAgentClient();
    // One after the other: the agent answers snapshot.export only on its own, never batched with
    // another call (docs/security.md, "Input limits"), and calls made together share a batch.
    const r = await client.snapshot.export.query();
    const info = await client.source.info.query();
    const live = info.kind === 'live' || info.kind === 'wine';
    const bin = atob(r.base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const d = await decodeBytes(bytes);
    return d.ok ? { fileName: r.fileName, snapshot: d.snapshot, error: null, fromAgent: true, live } : { fileName: r.fileName, snapshot: null, error: d.error, fromAgent: true, live };
  } catch (e) {
    return { fileName: 'the agent’s source', snapshot: null, error: e instanceof Error ? e.message : String(e), fromAgent: true, live: false };
  }
}

export function CompareSlot({ label, side, onSide, testid, agent }: { label: string; side: Side | null; onSide: (s: Side) => void; testid: string; agent: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [capturing, setCapturing] = useState(false);
  const load = async (f: File) => {
    const r = await decodeBytes(new Uint8Array(await f.arrayBuffer()));
    onSide(r.ok ? { fileName: f.name, snapshot: r.snapshot, error: null, fromAgent: false, live: false } : { fileName: f.name, snapshot: null, error: r.error, fromAgent: false, live: false });
  };
  const capture = async () => {
    setCapturing(true);
    try {
      onSide(await captureAgent());
    } finally {
      setCapturing(false);
    }
  };
  return (
    <div
      data-testid={`${testid}-slot`}
      className={`flex-1 rounded border-2 border-dashed p-3 ${over ? 'border-[var(--color-accent)]' : 'border-[var(--color-line)]'}`}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setOver(true);
        }
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        e.stopPropagation();
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f) void load(f);
      }}
    >
      <div className="flex items-center gap-2">
        <span className="font-medium">{label}</span>
        <button type="button" className="rounded border border-[var(--color-line)] px-2 py-0.5 hover:bg-[var(--color-hover)]" onClick={() => ref.current?.click()}>
          Choose file…
        </button>
        {agent && (
          <button
            type="button"
            data-testid={`${testid}-agent`}
            disabled={capturing}
            className="rounded border border-[var(--color-line)] px-2 py-0.5 hover:bg-[var(--color-hover)] disabled:opacity-60"
            title="Capture the agent's source (the live namespace under a live agent) now and compare against it"
            onClick={() => void capture()}
          >
            {capturing ? 'Capturing…' : 'Agent’s source now'}
          </button>
        )}
        <input
          ref={ref}
          type="file"
          className="hidden"
          data-testid={testid}
          aria-label={`${label} snapshot file`}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void load(f);
          }}
        />
      </div>
      <SlotStatus side={side} testid={testid} />
    </div>
  );
}

/** What the side holds: nothing yet, the reason its file was refused, or the snapshot's summary. */
function SlotStatus({ side, testid }: { side: Side | null; testid: string }) {
  return (
    <>
      {!side && <p className="mt-1 text-[var(--color-dim)]">or drop a snapshot file here</p>}
      {side?.error && (
        <p className="mt-1 whitespace-pre-wrap break-words text-[var(--color-bad)]" role="alert" data-testid="banner-rejected">
          {fileRejectedMessage(side.fileName, side.error)}
        </p>
      )}
      {side?.snapshot && (
        <p className="mt-1" data-testid={`${testid}-meta`}>
          {side.fromAgent && <span data-testid={`${testid}-from-agent`}>The agent’s {side.live ? 'live source' : 'source (a snapshot)'}: </span>}
          <span className="font-mono">{side.fileName}</span> — {formatCount(side.snapshot.meta.objectCount)} objects, captured <Time iso={side.snapshot.meta.capturedAt} />
          {side.snapshot.meta.host ? ` on ${side.snapshot.meta.host}` : ''}
        </p>
      )}
    </>
  );
}
