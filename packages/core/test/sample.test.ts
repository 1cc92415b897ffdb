// The sample the agent ships (captured under Wine by `objscope snapshot`) is a real file written
// by another build of this encoder: it must decode, and writing it again must give the very
// same bytes (the writer is canonical).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MEMORY_CONDITION_NAMES, SnapshotSource, decodeSnapshot, encodeSnapshot } from '../src/index';

const file = new Uint8Array(readFileSync(fileURLToPath(new URL('../../../apps/agent/assets/sample.objscope.gz', import.meta.url))));

describe('the committed Wine sample snapshot', () => {
  const r = decodeSnapshot(file);

  it('decodes', () => {
    expect(r.ok ? 'ok' : r.error).toBe('ok');
  });

  it('re-encodes to identical bytes', () => {
    if (!r.ok) throw new Error(r.error);
    expect(encodeSnapshot(r.snapshot)).toEqual(file);
  });

  it('was captured under Wine and shows Wine\'s six memory-condition events as plain Events', async () => {
    if (!r.ok) throw new Error(r.error);
    expect(r.snapshot.meta.source).toBe('wine');
    const src = new SnapshotSource(r.snapshot, { kind: 'sample' });
    expect(src.objectCount).toBe(r.snapshot.meta.objectCount);
    const ko = await src.list('\\KernelObjects');
    if (!ko.ok) throw new Error(ko.message);
    const events = ko.value.filter((e) => (MEMORY_CONDITION_NAMES as readonly string[]).includes(e.name));
    expect(events.map((e) => e.type)).toEqual(Array(6).fill('Event'));
  });

  it('records the details (format version 2): basic info and security of nearly every object, event state, the type table', async () => {
    if (!r.ok) throw new Error(r.error);
    expect(r.snapshot.meta.version).toBe(2);
    const src = new SnapshotSource(r.snapshot, { kind: 'sample' });
    expect(src.detailsRecorded).toBe(true);
    const d = await src.details('\\KernelObjects\\LowMemoryCondition');
    if (!d.ok) throw new Error(d.message);
    expect(d.value.basic.ok).toBe(true);
    expect(d.value.security.ok).toBe(true);
    expect(d.value.state).toEqual({ ok: true, value: expect.objectContaining({ kind: 'event' }) });
    expect(d.value.typeInfo.ok && d.value.typeInfo.value.name).toBe('Event');
  });

  it('describes a Type object by the type it stands for: \\ObjectTypes\\Event shows Event, not Type', async () => {
    if (!r.ok) throw new Error(r.error);
    const d = await new SnapshotSource(r.snapshot, { kind: 'sample' }).details('\\ObjectTypes\\Event');
    if (!d.ok) throw new Error(d.message);
    expect(d.value.type).toBe('Type');
    expect(d.value.typeInfo.ok && d.value.typeInfo.value.name).toBe('Event');
  });

  it('shows a low integrity label: scripts/make-sample.mjs labels its low-label Event, read back with LABEL_SECURITY_INFORMATION', async () => {
    if (!r.ok) throw new Error(r.error);
    const d = await new SnapshotSource(r.snapshot, { kind: 'sample' }).details('\\BaseNamedObjects\\objscope-sample\\security\\low-label');
    if (!d.ok) throw new Error(d.message);
    if (!d.value.security.ok) throw new Error(d.value.security.error.name);
    expect(d.value.security.value.sacl).toEqual([
      expect.objectContaining({ type: 'SYSTEM_MANDATORY_LABEL', mask: 1, rights: ['NO_WRITE_UP'], sid: 'S-1-16-4096' }),
    ]);
  });

  it('answers the README\'s `objscope info \\??\\C:` example: a drive-letter link', async () => {
    if (!r.ok) throw new Error(r.error);
    const d = await new SnapshotSource(r.snapshot, { kind: 'sample' }).details('\\??\\C:');
    if (!d.ok) throw new Error(d.message);
    expect(d.value.type).toBe('SymbolicLink');
    expect(d.value.link!.target).toMatch(/^\\Device\\/);
  });
});
