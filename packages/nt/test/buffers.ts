// Hand-built x64 buffers in the layouts the kernel writes, for the parser tests. Strings are
// placed after the fixed-size records and referenced by absolute address (base + offset), as
// NtQueryDirectoryObject and NtQueryObject do.
import type { HandleEntry } from '../src/parsers/handles';

function u16le(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i) & 0xff, s.charCodeAt(i) >> 8);
  return out;
}

export class BufferBuilder {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  constructor(size: number, readonly base: bigint) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  /** A UNICODE_STRING header at `at` describing `s` stored at `strAt` (MaximumLength = Length + extra). */
  unicodeString(at: number, s: string, strAt: number, extra = 2): void {
    const b = u16le(s);
    this.view.setUint16(at, b.length, true);
    this.view.setUint16(at + 2, b.length + extra, true);
    this.view.setBigUint64(at + 8, b.length || extra ? this.base + BigInt(strAt) : 0n, true);
    this.bytes.set(b, strAt);
  }
}

/** OBJECT_DIRECTORY_INFORMATION entries followed by a zeroed entry, then the strings. */
export function directoryBuffer(entries: { name: string; type: string }[], base = 0x10000n, opts: { terminator?: boolean } = {}): BufferBuilder {
  const terminator = opts.terminator ?? true;
  const records = (entries.length + (terminator ? 1 : 0)) * 32;
  const strings = entries.reduce((n, e) => n + (e.name.length + 1) * 2 + (e.type.length + 1) * 2, 0);
  const b = new BufferBuilder(records + strings, base);
  let at = records;
  entries.forEach((e, i) => {
    b.unicodeString(i * 32, e.name, at);
    at += (e.name.length + 1) * 2;
    b.unicodeString(i * 32 + 16, e.type, at);
    at += (e.type.length + 1) * 2;
  });
  return b;
}

export interface TypeRecord {
  name: string;
  objects: number;
  handles: number;
  typeIndex: number;
  /** Extra bytes of name buffer beyond Length (kernels pad MaximumLength). */
  extra?: number;
}

/** One OBJECT_TYPE_INFORMATION (104 bytes) at `at` with its name at `nameAt`. */
export function writeTypeInfo(b: BufferBuilder, at: number, t: TypeRecord, nameAt: number): void {
  b.unicodeString(at, t.name, nameAt, t.extra ?? 2);
  const v = b.view;
  v.setUint32(at + 16, t.objects, true);
  v.setUint32(at + 20, t.handles, true);
  v.setUint32(at + 40, t.objects + 1, true);
  v.setUint32(at + 44, t.handles + 2, true);
  v.setUint32(at + 64, 0x100, true);
  v.setUint32(at + 68, 0x20001, true);
  v.setUint32(at + 72, 0x20002, true);
  v.setUint32(at + 76, 0x120000, true);
  v.setUint32(at + 80, 0x1f0003, true);
  v.setUint32(at + 84, 0x1f0003, true);
  v.setUint8(at + 88, 1);
  v.setUint8(at + 89, 0);
  v.setUint8(at + 90, t.typeIndex);
  v.setUint32(at + 92, 1, true);
  v.setUint32(at + 96, 0x40, true);
  v.setUint32(at + 100, 0x80, true);
}

const align8 = (n: number) => (n + 7) & ~7;

/** OBJECT_TYPES_INFORMATION: count, then each record + its name, 8-byte aligned. */
export function typesBuffer(types: TypeRecord[], base = 0x20000n): BufferBuilder {
  let size = 8;
  for (const t of types) size = align8(size + 104 + t.name.length * 2 + (t.extra ?? 2));
  const b = new BufferBuilder(size, base);
  b.view.setUint32(0, types.length, true);
  let at = 8;
  for (const t of types) {
    writeTypeInfo(b, at, t, at + 104);
    at = align8(at + 104 + t.name.length * 2 + (t.extra ?? 2));
  }
  return b;
}

/** A SID's bytes: S-1-<authority>-<subs...>. */
export function sidBytes(authority: number, subs: number[]): number[] {
  const out = [1, subs.length];
  for (let i = 5; i >= 0; i--) out.push(Math.floor(authority / 256 ** i) % 256);
  for (const s of subs) out.push(s & 0xff, (s >>> 8) & 0xff, (s >>> 16) & 0xff, (s >>> 24) & 0xff);
  return out;
}

export function ace(type: number, flags: number, mask: number, sid: number[]): number[] {
  const size = 8 + sid.length;
  return [type, flags, size & 0xff, size >> 8, mask & 0xff, (mask >>> 8) & 0xff, (mask >>> 16) & 0xff, (mask >>> 24) & 0xff, ...sid];
}

export function acl(aces: number[][]): number[] {
  const body = aces.flat();
  const size = 8 + body.length;
  return [2, 0, size & 0xff, size >> 8, aces.length & 0xff, aces.length >> 8, 0, 0, ...body];
}

/** Self-relative SECURITY_DESCRIPTOR: header, owner, group, DACL (offsets in that order). */
export function securityDescriptor(parts: { owner?: number[]; group?: number[]; dacl?: number[]; control?: number }): Uint8Array {
  const header = 20;
  const out: number[] = new Array(header).fill(0);
  let at = header;
  const place = (bytes: number[] | undefined, field: number) => {
    if (!bytes) return;
    out[field] = at & 0xff;
    out[field + 1] = (at >> 8) & 0xff;
    out.push(...bytes);
    at += bytes.length;
  };
  place(parts.owner, 4);
  place(parts.group, 8);
  place(parts.dacl, 16);
  const control = parts.control ?? (0x8000 | (parts.dacl ? 0x0004 : 0));
  out[0] = 1;
  out[2] = control & 0xff;
  out[3] = control >> 8;
  return Uint8Array.from(out);
}

/**
 * A SYSTEM_HANDLE_INFORMATION_EX buffer laid out as phnt ntexapi.h declares it for x64 (stated
 * here, not imported from the code under test): { ULONG_PTR NumberOfHandles; ULONG_PTR
 * Reserved; } and then 40-byte SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX { PVOID Object (0);
 * ULONG_PTR UniqueProcessId (8); ULONG_PTR HandleValue (16); ULONG GrantedAccess (24);
 * USHORT CreatorBackTraceIndex (28); USHORT ObjectTypeIndex (30); ULONG HandleAttributes (32);
 * ULONG Reserved (36); }.
 */
export const HANDLE_TABLE_HEADER_SIZE = 16;
export const HANDLE_ENTRY_SIZE = 40;
export function buildHandleTable(entries: readonly HandleEntry[]): Uint8Array {
  const bytes = new Uint8Array(HANDLE_TABLE_HEADER_SIZE + entries.length * HANDLE_ENTRY_SIZE);
  const dv = new DataView(bytes.buffer);
  dv.setBigUint64(0, BigInt(entries.length), true);
  entries.forEach((e, i) => {
    const off = HANDLE_TABLE_HEADER_SIZE + i * HANDLE_ENTRY_SIZE;
    dv.setBigUint64(off, e.object, true);
    dv.setBigUint64(off + 8, BigInt(e.pid), true);
    dv.setBigUint64(off + 16, BigInt(e.handle), true);
    dv.setUint32(off + 24, e.grantedAccess, true);
    dv.setUint16(off + 30, e.typeIndex, true);
    dv.setUint32(off + 32, e.attributes, true);
  });
  return bytes;
}
