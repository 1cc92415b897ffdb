// A model of processes, their handle tables and the objects behind them, answering the calls a
// holder search makes (HolderApi) the way the Windows kernel does where Wine cannot show it.
// Every rule names its source:
//
//  [WRK-reuse]  WRK base/ntos/ex/handle.c, ExpMoveFreeHandles / ExpAllocateHandleTableEntry:
//               a process's freed handle values go back on a free list and the next
//               allocation pops the most recently freed one (last freed, first reused); strict
//               FIFO is only kept for the kernel's own table and the CID table.
//  [WRK-key]    WRK base/ntos/config/cmparse.c, CmpParseKey -> CmpDoOpen: every NtOpenKey
//               creates a new Key object (a new key control block reference), so two opens of
//               one key are two objects; NtCompareObjects says "not the same object".
//  [WRK-access] WRK base/ntos/se/accessck.c, SeAccessCheck: an empty DesiredAccess with nothing
//               granted before is refused (STATUS_ACCESS_DENIED); MAXIMUM_ALLOWED grants what the
//               DACL allows.
//  [WRK-name]   WRK base/ntos/ob/obref.c, ObpDeleteNameCheck / ob/obhandle.c,
//               ObpDecrementHandleCount: a named object leaves the namespace when its last
//               handle is closed; any handle, a duplicate included, keeps it.
//  [WRK-dup]    WRK base/ntos/ob/obhandle.c, ObDuplicateObject: a duplicate is a new handle to
//               the same object in the target process, counted in the object's handle count.
//  [MM-cond]    objscope design notes, second review (MiResolveMemoryEvent; WinObjEx64
//               ntos.h OBJECT_SYMBOLIC_LINK_V4, flag 0x10): in \KernelObjects the memory
//               conditions from index 4 of the kernel's table on are dynamic links whose open
//               resolves, through a callback, to an Event; the first four are plain Events in
//               the system partition. Nobody holds the link: handles are to the Event.
//  [NCL-cmp]    NtCoreLib NtObject.SameObject / Microsoft docs, NtCompareObjects (Windows 10+):
//               STATUS_SUCCESS when both handles refer to one object, STATUS_NOT_SAME_OBJECT
//               (0xC00001AC) otherwise.
//
// Object addresses are hidden (0 in the table), as on Wine, on Windows 11 24H2+ without
// SeDebugPrivilege, and below medium integrity: the case where holders are found by duplicating.
// Test code only: it is not used by the agent.
import type { NtResult } from '@objscope/core';
import { fail, ok } from '../../src/result';
import type { HolderApi } from '../../src/holders';
import { buildHandleTable } from '../buffers';

const STATUS_ACCESS_DENIED = 0xc0000022;
const STATUS_INVALID_HANDLE = 0xc0000008;
const STATUS_OBJECT_NAME_NOT_FOUND = 0xc0000034;
const STATUS_NOT_SAME_OBJECT = 0xc00001ac;
const MAXIMUM_ALLOWED = 0x02000000;

export interface KObject {
  id: number;
  type: string;
  /** Full NT name, '' when unnamed. */
  name: string;
  /** What the DACL grants objscope: MAXIMUM_ALLOWED gives this; a request beyond it is refused. */
  grants: number;
  /** Handles to it, in every process. */
  handles: number;
  /** In the namespace: until its last handle closes [WRK-name]. */
  named: boolean;
}

interface KHandle {
  object: KObject;
  access: number;
  attributes: number;
}

interface KProcess {
  pid: number;
  image: string;
  table: Map<number, KHandle>;
  /** Freed values, most recent last [WRK-reuse]. */
  free: number[];
  next: number;
}

/** Type indices as one table numbers them (any fixed numbering will do). */
const TYPE_INDEX = new Map([
  ['Process', 7],
  ['Event', 16],
  ['Mutant', 17],
  ['Key', 44],
  ['File', 37],
]);

export class KernelModel {
  private readonly procs = new Map<number, KProcess>();
  private objects: KObject[] = [];
  private nextObject = 1;
  /** Handles of objscope's own process, as `Ptr` values (its handle values). */
  readonly objscope: number;

  constructor(objscopePid = 1000) {
    this.objscope = objscopePid;
    this.process(objscopePid, 'objscope.exe');
  }

  process(pid: number, image: string): this {
    this.procs.set(pid, { pid, image, table: new Map(), free: [], next: 4 });
    return this;
  }

  /** A named object, created with no handle yet (creators then open it). */
  create(type: string, name: string, grants = 0x1f0001): KObject {
    const o: KObject = { id: this.nextObject++, type, name, grants, handles: 0, named: true };
    this.objects.push(o);
    return o;
  }

  /** [MM-cond] A dynamic link at `name`: opening it as an Event gives `event`. */
  dynamicLink(name: string, event: KObject): void {
    this.links.set(name.toUpperCase(), event);
  }

  private readonly links = new Map<string, KObject>();

  /** A handle to `o` in `pid` at the value the kernel would pick [WRK-reuse]. */
  insert(pid: number, o: KObject, access: number, attributes = 0): number {
    const p = this.procs.get(pid)!;
    const value = p.free.pop() ?? (p.next += 4) - 4;
    p.table.set(value, { object: o, access, attributes });
    o.handles += 1;
    return value;
  }

  closeHandle(pid: number, value: number): boolean {
    const p = this.procs.get(pid);
    const h = p?.table.get(value);
    if (!p || !h) return false;
    p.table.delete(value);
    p.free.push(value);
    h.object.handles -= 1;
    // [WRK-name] the last handle takes the name with it.
    if (h.object.handles === 0) h.object.named = false;
    return true;
  }

  /** NtOpenXxx by name: an existing named object of that type; Keys get a new object each time [WRK-key]. */
  open(pid: number, type: string, name: string, access: number): NtResult<number> {
    // [MM-cond] the callback resolves a dynamic link opened as an Event; opened as a link it is the link.
    const viaLink = type === 'Event' ? this.links.get(name.toUpperCase()) : undefined;
    const o = viaLink ?? this.objects.find((x) => x.named && x.type === type && x.name.toUpperCase() === name.toUpperCase());
    if (!o) return fail(STATUS_OBJECT_NAME_NOT_FOUND, name);
    // [WRK-access] an empty request grants nothing and is refused; MAXIMUM_ALLOWED gets the DACL's grant.
    let granted: number;
    if (access === MAXIMUM_ALLOWED) granted = o.grants;
    else if (access === 0 || (access & ~o.grants) !== 0) return fail(STATUS_ACCESS_DENIED, name);
    else granted = access;
    if (granted === 0) return fail(STATUS_ACCESS_DENIED, name);
    const target = type === 'Key' ? this.keyOpen(o) : o;
    return ok(this.insert(pid, target, granted));
  }

  /** [WRK-key] A new Key object for one open of the key `o` names. */
  private keyOpen(o: KObject): KObject {
    const k: KObject = { id: this.nextObject++, type: 'Key', name: o.name, grants: o.grants, handles: 0, named: false };
    this.objects.push(k);
    return k;
  }

  /** Handles objscope holds right now. */
  objscopeHandles(): number {
    return this.procs.get(this.objscope)!.table.size;
  }

  /** SYSTEM_HANDLE_INFORMATION_EX with addresses hidden. */
  private table(): Uint8Array {
    const entries = [];
    for (const p of this.procs.values()) {
      for (const [value, h] of p.table) {
        entries.push({ object: 0n, pid: p.pid, handle: value, grantedAccess: h.access, typeIndex: TYPE_INDEX.get(h.object.type)!, attributes: h.attributes });
      }
    }
    return buildHandleTable(entries);
  }

  private mine(h: unknown): KHandle | undefined {
    return this.procs.get(this.objscope)!.table.get(Number(h));
  }

  /** The HolderApi objscope's scanner calls, answered by this kernel. Process handles are objects of type Process. */
  api(): HolderApi {
    const self = this.objscope;
    const processObjects = new Map<number, KObject>();
    const processObject = (pid: number) => {
      let o = processObjects.get(pid);
      if (!o) processObjects.set(pid, (o = { id: this.nextObject++, type: 'Process', name: '', grants: 0x1fffff, handles: 0, named: false }));
      return o;
    };
    return {
      pid: self,
      querySystemHandles: () => ok(this.table()),
      queryProcessList: () => ok([...this.procs.values()].map((p) => ({ pid: p.pid, imageName: p.image }))),
      imageName: (pid) => this.procs.get(pid)?.image ?? null,
      openObject: (type, path, access) => this.open(self, type, path, access),
      handleValue: (h) => Number(h),
      openProcess: (pid, access) => (this.procs.has(pid) ? ok(this.insert(self, processObject(pid), access)) : fail(STATUS_INVALID_HANDLE, 'no such process')),
      duplicate: (proc, handle, access) => {
        const p = this.mine(proc);
        if (!p || p.object.type !== 'Process') return fail(STATUS_INVALID_HANDLE, 'not a process handle');
        const pid = [...processObjects].find(([, o]) => o === p.object)![0];
        const source = this.procs.get(pid)!.table.get(handle);
        if (!source) return fail(STATUS_INVALID_HANDLE, 'closed');
        // [WRK-dup] a subset of the source's access needs no access check.
        return ok(this.insert(self, source.object, access & source.access));
      },
      currentProcess: () => -1,
      close: (h) => {
        this.closeHandle(self, Number(h));
      },
      queryName: (h) => {
        const k = this.mine(h);
        return k ? ok(k.object.name) : fail(STATUS_INVALID_HANDLE);
      },
      queryTypeName: (h) => {
        const k = this.mine(h);
        return k ? ok(k.object.type) : fail(STATUS_INVALID_HANDLE);
      },
      handleCount: (h) => {
        const k = this.mine(h);
        return k ? ok(k.object.handles) : fail(STATUS_INVALID_HANDLE);
      },
      // [NCL-cmp]
      compare: (a, b) => (this.mine(a)?.object === this.mine(b)?.object ? 0 : STATUS_NOT_SAME_OBJECT),
      hasExited: () => false,
    };
  }
}
