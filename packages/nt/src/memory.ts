// The 11 memory-condition objects of \KernelObjects. On Windows the first four of the kernel's
// table (Low/HighPagedPoolCondition, Low/HighNonPagedPoolCondition) are plain Events in the
// system partition; those from index 4 on (LowMemoryCondition ... PhysicalMemoryChange) are
// dynamic symbolic links (flag 0x10, empty target, resolved to the partition's event by a kernel
// callback, MiResolveMemoryEvent, when opened). Either way the state and the holders are the
// Event's (holders.ts looks the Event up, not the link). Wine has six of them as plain Events
// and lacks the rest.
import type { DirEntry, MemoryCondition, MemoryConditionKind, NtResult } from '@objscope/core';
import { MEMORY_CONDITION_NAMES, statusInfo, STATUS } from '@objscope/core';
import { closeHandle, SYNCHRONIZE } from './ffi';
import { listDirectory } from './directory';
import { openObject } from './open';
import { fail, ok } from './result';
import { queryState } from './state';

const EVENT_QUERY_STATE = 0x0001;
const KERNEL_OBJECTS = '\\KernelObjects';

/**
 * Classifies each condition from the directory listing (pure), given a way to read the
 * signaled state of the event a path opens to.
 */
export function classifyMemoryConditions(
  listing: NtResult<DirEntry[]>,
  readEvent: (path: string) => NtResult<boolean>,
): MemoryCondition[] {
  const byName = new Map<string, DirEntry>();
  if (listing.ok) for (const e of listing.value) byName.set(e.name.toUpperCase(), e);
  return MEMORY_CONDITION_NAMES.map((name): MemoryCondition => {
    const path = `${KERNEL_OBJECTS}\\${name}`;
    if (!listing.ok) return { name, path, kind: 'absent', signaled: null, error: statusInfo(listing.status) };
    const e = byName.get(name.toUpperCase());
    if (!e) return { name, path, kind: 'absent', signaled: null, error: null };
    let kind: MemoryConditionKind;
    if (e.type === 'Event') kind = 'event';
    else if (e.type === 'SymbolicLink' && !e.target) kind = 'dynamic-link';
    else return { name, path, kind: 'absent', signaled: null, error: null };
    const ev = readEvent(path);
    if (!ev.ok) {
      const error = statusInfo(ev.status);
      // A link that resolves to something other than an Event is not a memory condition. One
      // that refuses the open (access denied, a sandboxed caller...) is there but unreadable:
      // present, state unknown, with the status, never "absent".
      if (kind === 'dynamic-link' && ev.status === STATUS.OBJECT_TYPE_MISMATCH) {
        return { name, path, kind: 'absent', signaled: null, error };
      }
      return { name, path, kind, signaled: null, error };
    }
    return { name, path, kind, signaled: ev.value, error: null };
  });
}

/** The signaled state of the Event `path` opens to (a dynamic link opens to its partition's). */
function readEventSignaled(path: string): NtResult<boolean> {
  const h = openObject('NtOpenEvent', path, SYNCHRONIZE | EVENT_QUERY_STATE);
  if (!h.ok) return h;
  try {
    const s = queryState(h.value, 'Event');
    if (!s || !s.ok) return fail(s && !s.ok ? s.error.status : STATUS.UNSUCCESSFUL, `state of ${path}`);
    return s.value.kind === 'event' ? ok(s.value.signaled) : fail(STATUS.OBJECT_TYPE_MISMATCH, `${path} is not an Event`);
  } finally {
    closeHandle(h.value);
  }
}

export function memoryConditions(): MemoryCondition[] {
  return classifyMemoryConditions(listDirectory(KERNEL_OBJECTS), readEventSignaled);
}
