// Runs under Windows Node inside Wine (see support/probe.ts): the agent's listing loops
// (src/directory-loop.ts) against the real NtQueryDirectoryObject, in a directory this process
// makes and changes between the loop's calls, the way test/directory-loop.test.ts does it
// against the kernel model. Objects are temporary (no OBJ_PERMANENT): closing the last handle
// deletes one, and everything goes when the probe exits.
import { createRequire } from 'node:module';
import { enumerateBulk, enumerateSingle, type DirectoryQuery, type QueryBuffer } from '../../src/directory-loop';
import { addressOf, bindFunction, closeHandle, nt, type Ptr } from '../../src/ffi';
import { DIRECTORY_ENTRY_SIZE, directoryReader, readDirectoryEntry } from '../../src/parsers/directory';
import { addressNumber } from '../../src/parsers/unicode';

import { STATUS, toUint32Status } from '@objscope/core';

export interface ProbeCall {
  single: boolean;
  restart: boolean;
  ctxIn: number;
  ctxOut: number;
  length: number;
  status: number;
  returnLength: number;
  /** Entries in the buffer when the call succeeded or said MORE_ENTRIES. */
  entries: number;
}

export type Job =
  | { kind: 'list'; count: number; bufferSize: number; maxBuffer?: number; hugeName?: number; churn?: 'create-open-delete' | 'create-open' }
  | { kind: 'raw'; names: string[]; calls: { single: boolean; restart: boolean; length: number; ctx?: number }[] };

export interface ListAnswer {
  ok: boolean;
  status: number;
  names: string[];
  /** What the directory held when the call that answered everything was made (churn only). */
  answered: string[] | null;
  /** Names that existed throughout the listing (churn only). */
  untouched: string[] | null;
  /** Every name that existed at some moment of the listing. */
  everExisted: string[];
  calls: ProbeCall[];
  /** Milliseconds spent making the objects and listing them (reported, never asserted: docs/verification/issue-21.md). */
  timings: { createMs: number; listMs: number };
}

const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
const ntdll = koffi.load('ntdll.dll');
// Test-only creators, bound through ffi.ts's padding like everything else.
const NtCreateDirectoryObject = bindFunction(ntdll, 'int32 __stdcall NtCreateDirectoryObject(_Out_ void **h, uint32 access, void *oa)');
const NtCreateEvent = bindFunction(ntdll, 'int32 __stdcall NtCreateEvent(_Out_ void **h, uint32 access, void *oa, uint32 type, uint8 state)');
const NtOpenEvent = bindFunction(ntdll, 'int32 __stdcall NtOpenEvent(_Out_ void **h, uint32 access, void *oa)');

/** OBJECT_ATTRIBUTES (x64, 48 bytes) for `name`, relative to `root` when given. */
function attributes(name: string, root: Ptr): { oa: Buffer; keep: Buffer[] } {
  const text = Buffer.from(name, 'utf16le');
  const us = Buffer.alloc(16);
  us.writeUInt16LE(text.length, 0);
  us.writeUInt16LE(text.length, 2);
  us.writeBigUInt64LE(text.length ? (koffi.address(text) as bigint) : 0n, 8);
  const oa = Buffer.alloc(48);
  oa.writeUInt32LE(48, 0);
  oa.writeBigUInt64LE(root == null ? 0n : (koffi.address(root) as bigint), 8);
  oa.writeBigUInt64LE(koffi.address(us) as bigint, 16);
  return { oa, keep: [text, us] };
}

function create(fn: typeof NtCreateEvent, name: string, root: Ptr, ...rest: number[]): Ptr {
  const h: [Ptr] = [null];
  const a = attributes(name, root);
  const s = toUint32Status(fn(h, 0x1f0003, a.oa, ...rest) as number);
  if (s !== 0) throw new Error(`create ${name.slice(0, 40)}: 0x${s.toString(16)}`);
  return h[0];
}

/**
 * How many entries the kernel wrote, read up to the terminator, the end of the buffer or the first
 * entry that does not parse: a call answering STATUS_MORE_ENTRIES may leave no terminator, which
 * parseDirectoryBuffer rightly calls malformed, yet its entries are what the probe counts.
 */
function entriesWritten(bytes: Uint8Array, base: bigint): number {
  const reader = directoryReader(bytes, addressNumber(base), bytes.byteLength);
  let n = 0;
  for (let off = 0; off + DIRECTORY_ENTRY_SIZE <= bytes.byteLength; off += DIRECTORY_ENTRY_SIZE, n++) {
    const e = readDirectoryEntry(reader, off, n);
    if (e === null || 'message' in e) break;
  }
  return n;
}

function realQuery(h: Ptr, calls: ProbeCall[], after: (c: ProbeCall) => void): DirectoryQuery {
  const f = nt().ntdll.NtQueryDirectoryObject;
  return (buf, single, restart, ctx, ret) => {
    const ctxIn = ctx[0]!;
    const status = toUint32Status(f(h, buf.bytes, buf.bytes.byteLength, single ? 1 : 0, restart ? 1 : 0, ctx, ret) as number);
    const filled = status === 0 || status === 0x105;
    const entries = filled && !single ? entriesWritten(buf.bytes, buf.base) : filled ? 1 : 0;
    const call = { single, restart, ctxIn, ctxOut: ctx[0]!, length: buf.bytes.byteLength, status, returnLength: ret[0]!, entries };
    calls.push(call);
    after(call);
    return status;
  };
}

function buffers(defaultSize: number): (min: number) => QueryBuffer {
  let shared: QueryBuffer | null = null;
  return (min) => {
    const size = Math.max(min, defaultSize);
    if (!shared || shared.bytes.byteLength !== size) {
      const bytes = new Uint8Array(size);
      shared = { bytes, base: addressOf(bytes) };
    }
    return shared;
  };
}

function makeRoot(): Ptr {
  return create(NtCreateDirectoryObject, `\\BaseNamedObjects\\objscope-live-${process.pid}-${Math.random().toString(36).slice(2)}`, null);
}

function list(job: Extract<Job, { kind: 'list' }>): ListAnswer {
  const root = makeRoot();
  const held = new Map<string, Ptr>();
  const add = (name: string) => held.set(name, create(NtCreateEvent, name, root, 0, 0));
  const t0 = performance.now();
  for (let i = 0; i < job.count; i++) add(`object-${i}`);
  if (job.hugeName) add('h'.repeat(job.hugeName));
  for (let i = 0; i < (job.hugeName ? job.count : 0); i++) add(`after-${i}`);
  const t1 = performance.now();
  const everExisted = new Set(held.keys());
  const touched = new Set<string>();
  let answered: string[] | null = null;
  let n = 0;
  const calls: ProbeCall[] = [];
  const between = (c: ProbeCall) => {
    if (!job.churn) return;
    if (c.status === 0) answered = [...held.keys()];
    // Someone else at work in the directory: a new name, an open by name, a deletion.
    const created = `new-${n}`;
    add(created);
    everExisted.add(created);
    touched.add(created);
    const opened = `object-${(n * 7) % job.count}`;
    const a = attributes(opened, root);
    const h: [Ptr] = [null];
    if (toUint32Status(NtOpenEvent(h, 0x100000, a.oa) as number) === 0) closeHandle(h[0]);
    if (job.churn === 'create-open-delete') {
      const gone = `object-${(n * 13 + 1) % job.count}`;
      if (held.has(gone)) {
        closeHandle(held.get(gone));
        held.delete(gone);
        touched.add(gone);
      }
    }
    n++;
  };
  const query = realQuery(root, calls, between);
  const source = buffers(job.bufferSize);
  // As queryDirectory (src/directory.ts) does: bulk first, single-entry on STATUS_NOT_IMPLEMENTED (Wine 8).
  let r = enumerateBulk(query, source, job.maxBuffer ? { maxBuffer: job.maxBuffer } : {});
  if (!r.ok && r.status === STATUS.NOT_IMPLEMENTED) r = enumerateSingle(query, source);
  const t2 = performance.now();
  const answer: ListAnswer = {
    ok: r.ok,
    status: r.status,
    names: r.ok ? r.value.map((e) => e.name) : [],
    answered,
    untouched: job.churn ? [...everExisted].filter((x) => !touched.has(x)) : null,
    everExisted: [...everExisted],
    calls,
    timings: { createMs: Math.round(t1 - t0), listMs: Math.round(t2 - t1) },
  };
  for (const h of held.values()) closeHandle(h);
  closeHandle(root);
  return answer;
}

function raw(job: Extract<Job, { kind: 'raw' }>): { calls: ProbeCall[] } {
  const root = makeRoot();
  const held = job.names.map((name) => create(NtCreateEvent, name, root, 0, 0));
  const calls: ProbeCall[] = [];
  const query = realQuery(root, calls, () => {});
  const ctx = new Uint32Array(1);
  const ret = new Uint32Array(1);
  for (const c of job.calls) {
    const bytes = new Uint8Array(c.length);
    if (c.ctx !== undefined) ctx[0] = c.ctx;
    ret[0] = 0xdeadbeef;
    query({ bytes, base: addressOf(bytes) }, c.single, c.restart, ctx, ret);
  }
  for (const h of held) closeHandle(h);
  closeHandle(root);
  return { calls };
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
process.stdout.write(`${JSON.stringify(job.kind === 'raw' ? raw(job) : list(job))}\n`);
