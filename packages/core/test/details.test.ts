// Snapshot format version 2: recorded details (basic info, security descriptors stored once,
// type-specific state, type information), read back by SnapshotSource; version 1 files stay
// readable and say honestly that they hold no details.
import { gunzipSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type SecurityInfo, type Snapshot, type SnapshotNode, SnapshotSource, decodeSnapshot, encodeSnapshot, encodeSnapshotJson } from '../src/index';
import { synthesizeSnapshot } from '../testing/index';

function decodeOk(bytes: Uint8Array): Snapshot {
  const r = decodeSnapshot(bytes);
  if (!r.ok) throw new Error(r.error);
  return r.snapshot;
}

function child(node: SnapshotNode, name: string): SnapshotNode {
  const c = node.children?.find((k) => k.name === name);
  if (!c) throw new Error(`no child ${JSON.stringify(name)}`);
  return c;
}

const enc = (s: string) => new TextEncoder().encode(s);
const docOf = (s: Snapshot) => JSON.parse(encodeSnapshotJson(s)) as Record<string, unknown> & { tree: unknown[]; details?: { securityDescriptors: SecurityInfo[] } };

/** A version-1 file as objscope 0.1 wrote it: the same tree, no details anywhere. */
function versionOneFile(s: Snapshot): Uint8Array {
  const stripDetails = (n: SnapshotNode): SnapshotNode => {
    const out: SnapshotNode = { ...n };
    delete out.details;
    if (n.children) out.children = n.children.map(stripDetails);
    return out;
  };
  const doc = docOf({ ...s, root: stripDetails(s.root), details: null });
  doc.version = 1;
  delete doc.details;
  return gzipSync(enc(JSON.stringify(doc)));
}

const snap = synthesizeSnapshot({ objects: 600, seed: 3 });

describe('snapshot format version 2: recorded details', () => {
  it('writes version 2 and round-trips basic info, security, state and type info exactly', () => {
    const doc = docOf(snap);
    expect(doc.version).toBe(2);
    const back = decodeOk(encodeSnapshot(snap));
    expect(back).toEqual(snap);
    const ev = child(child(back.root, 'KernelObjects'), 'SystemErrorPortReady').details!;
    expect(ev.basic.ok && ev.basic.value.handleCount).toBeGreaterThan(0);
    expect(ev.security.ok && ev.security.value.sddl).toMatch(/^O:BAG:SYD:/);
    expect(ev.state).toEqual({ ok: true, value: expect.objectContaining({ kind: 'event' }) });
    expect(back.details!.typeInfo.map((t) => t.name)).toContain('Event');
  });

  it('stores each distinct security descriptor once and refers to it by index', () => {
    const doc = docOf(snap);
    const table = doc.details!.securityDescriptors;
    // Ten-odd objects carry descriptors, but there are only three distinct ones.
    expect(table).toHaveLength(3);
    expect(new Set(table.map((t) => t.sddl)).size).toBe(3);
    const text = JSON.stringify(doc.tree);
    expect(text).not.toContain('O:BAG:SYD:');
    expect(text).toMatch(/"sd":[0-2][,}]/);
  });

  it('keeps a denied detail as the denial, not as a blank', () => {
    const back = decodeOk(encodeSnapshot(snap));
    const d = child(child(back.root, 'Security'), 'TRKWKS_EVENT').details!;
    expect(d.security).toEqual({ ok: false, error: { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' } });
    expect(d.basic.ok).toBe(true);
  });

  it('refuses a node that points past the end of the descriptor table, naming the object', () => {
    const doc = docOf(snap);
    const text = JSON.stringify(doc).replace(/"sd":2([,}])/, '"sd":7$1');
    const r = decodeSnapshot(enc(text));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/refers to security descriptor 7 but the table has 3$/);
  });

  it('refuses an unknown key inside a recorded state (strict reading)', () => {
    const text = encodeSnapshotJson(snap).replace('"kind":"event"', '"kind":"event","__proto__":1');
    const r = decodeSnapshot(enc(text));
    expect(r.ok).toBe(false);
  });

  it('omits the details section entirely for a capture without details', () => {
    const v1like = decodeOk(versionOneFile(snap));
    const doc = docOf({ ...v1like, details: null });
    expect(doc.version).toBe(2);
    expect('details' in doc).toBe(false);
  });
});

describe('snapshot format version 1 files', () => {
  const file = versionOneFile(snap);

  it('are still read: the same tree, version 1, no details', () => {
    const back = decodeOk(file);
    expect(back.meta.version).toBe(1);
    expect(back.details).toBeUndefined();
    expect(child(child(back.root, 'GLOBAL??'), 'C:').target).toBe('\\Device\\HarddiskVolume3');
    expect(child(child(back.root, 'KernelObjects'), 'SystemErrorPortReady').details).toBeUndefined();
  });

  it('may not carry version-2 fields', () => {
    const doc = JSON.parse(new TextDecoder().decode(gunzipSync(file))) as Record<string, unknown>;
    doc.details = { typeInfo: [], securityDescriptors: [] };
    const r = decodeSnapshot(enc(JSON.stringify(doc)));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/details/);
  });

  it('answer details as "not recorded" (STATUS_NOT_SUPPORTED) in every field', async () => {
    const src = new SnapshotSource(decodeOk(file));
    expect(src.detailsRecorded).toBe(false);
    const r = await src.details('\\KernelObjects\\SystemErrorPortReady');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const f of [r.value.basic, r.value.security, r.value.typeInfo, r.value.state]) {
      expect(f).toEqual({ ok: false, error: { status: 0xc00000bb, name: 'STATUS_NOT_SUPPORTED' } });
    }
  });
});

describe('SnapshotSource answers details from the recorded data', () => {
  const src = new SnapshotSource(decodeOk(encodeSnapshot(snap)));

  it('gives basic info, security with account names, state and the type table', async () => {
    expect(src.detailsRecorded).toBe(true);
    const r = await src.details('\\KernelObjects\\SystemErrorPortReady');
    if (!r.ok) throw new Error(r.message);
    const d = r.value;
    expect(d.basic.ok && d.basic.value.creationTime).toBe('2026-01-15T08:01:12.000Z');
    if (!d.security.ok) throw new Error('no security');
    expect(d.security.value.ownerAccount).toBe('BUILTIN\\Administrators');
    expect(d.security.value.dacl!.map((a) => a.account)).toEqual(['NT AUTHORITY\\SYSTEM', 'BUILTIN\\Administrators', 'Everyone']);
    expect(d.state!.ok && d.state!.value.kind).toBe('event');
    expect(d.typeInfo.ok && d.typeInfo.value.name).toBe('Event');
  });

  it('hands out copies: a caller changing a result does not change the snapshot', async () => {
    const a = await src.details('\\KernelObjects\\SystemErrorPortReady');
    if (!a.ok || !a.value.security.ok) throw new Error('no security');
    a.value.security.value.dacl!.length = 0;
    const b = await src.details('\\KernelObjects\\PrefetchTracesReady');
    expect(b.ok && b.value.security.ok && b.value.security.value.dacl).toHaveLength(3);
  });

  it('says "not recorded" for objects objscope does not open (devices), with type info still given', async () => {
    const r = await src.details('\\Device\\Null');
    if (!r.ok) throw new Error(r.message);
    expect(r.value.basic).toEqual({ ok: false, error: { status: 0xc00000bb, name: 'STATUS_NOT_SUPPORTED' } });
    expect(r.value.typeInfo.ok).toBe(true);
  });

  it('gives a symbolic link its creation time from the recorded basic info', async () => {
    const s = structuredClone(snap);
    const c = child(child(s.root, 'GLOBAL??'), 'C:');
    c.details = { basic: { ok: true, value: { attributes: 0x10, grantedAccess: 1, handleCount: 0, pointerCount: 1, pagedPoolCharge: 0, nonPagedPoolCharge: 0, creationTime: '2026-01-15T08:00:00.000Z' } }, security: { ok: false, error: { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' } }, state: null };
    const r = await new SnapshotSource(decodeOk(encodeSnapshot(s))).details('\\GLOBAL??\\C:');
    expect(r.ok && r.value.link!.creationTime).toBe('2026-01-15T08:00:00.000Z');
  });
});
