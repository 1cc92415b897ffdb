// The optional `holders` section of a snapshot (`objscope snapshot -o FILE --handles`): for every
// process, the named objects it held handles to when the snapshot was taken, or why it could not
// be examined. One record per process answers both directions: "who held this object" is the
// inverse of "what did each process hold". Independent of the format version: a snapshot
// without the section loads as before, and a reader that does not know it is told by the strict
// schema (docs/handles.md says how the two merge).
import { z } from 'zod';
import type { HeldHandle, HoldersReport, ObjectHolder, ProcessHandlesReport, UnexaminedProcess } from './holders';
import { compareHolders } from './holders';
import { upcaseNtName } from './ntpath';
import type { NtResult, StatusInfo } from './model';
import { formatStatus, statusName } from './status';
import { STATUS } from './status';

interface RecordedProcess {
  pid: number;
  image: string | null;
  /** null when examined; otherwise why not (its handles were not read). */
  error: StatusInfo | null;
  handlesInTable: number;
  fileHandlesSkipped: number;
  handles: HeldHandle[];
}

export interface HoldersSection {
  capturedAt: string;
  processes: RecordedProcess[];
}

/** Bounds: a snapshot is hostile input until validated. */
const HOLDERS_MAX_PROCESSES = 65_536;
const HOLDERS_MAX_HANDLES_PER_PROCESS = 1_000_000;
const MAX_NAME = 32_767;

const u32 = z.number().int().min(0).max(0xffff_ffff);
const heldHandle = z.strictObject({
  handle: u32,
  type: z.string().min(1).max(256),
  name: z.string().min(1).max(MAX_NAME),
  access: u32,
  attributes: u32,
  rights: z.array(z.string().max(64)).max(64).optional(),
});
const recordedProcess = z.strictObject({
  pid: u32,
  image: z.string().max(MAX_NAME).nullable(),
  error: z.strictObject({ status: u32, name: z.string().max(256) }).nullable(),
  handlesInTable: u32,
  fileHandlesSkipped: u32,
  handles: z.array(heldHandle).max(HOLDERS_MAX_HANDLES_PER_PROCESS),
});

/** The section's schema (also what snapshot-schema.ts plugs in as an optional field). */
export const holdersSectionSchema = z
  .strictObject({
    capturedAt: z.string().max(64),
    processes: z.array(recordedProcess).max(HOLDERS_MAX_PROCESSES),
  })
  .meta({ id: 'HoldersSection', description: 'Named objects each process held handles to (snapshot --handles).' });

/** Builds the section from per-process reports (the live capture's reverse scans). */
export function holdersSectionFrom(reports: readonly ProcessHandlesReport[], capturedAt: string): HoldersSection {
  return {
    capturedAt,
    processes: reports
      .map((r) => ({
        pid: r.pid,
        image: r.image,
        error: r.handles.ok ? null : r.handles.error,
        handlesInTable: r.handlesInTable,
        fileHandlesSkipped: r.fileHandlesSkipped,
        handles: r.handles.ok ? r.handles.value : [],
      }))
      .sort((a, b) => a.pid - b.pid),
  };
}

/**
 * NT names compare case-insensitively (OBJ_CASE_INSENSITIVE), as the live lookup opens them:
 * unit by unit through Windows' one-to-one upcase table (ntpath.ts, RtlUpcaseUnicodeChar), never
 * String#toUpperCase, which makes "straße" equal to "STRASSE" where Windows keeps them apart.
 */
const fold = upcaseNtName;

/** Who held the object at `path`, from the section; the type comes from the snapshot's tree. */
export function recordedHolders(section: HoldersSection, path: string, type: string): HoldersReport {
  const want = fold(path);
  const holders: ObjectHolder[] = [];
  const unexamined: UnexaminedProcess[] = [];
  let handles = 0;
  for (const p of section.processes) {
    handles += p.handlesInTable;
    if (p.error) {
      unexamined.push({ pid: p.pid, status: p.error.status, name: p.image ?? '' });
      continue;
    }
    for (const h of p.handles) {
      if (fold(h.name) === want) {
        holders.push({ pid: p.pid, image: p.image, handle: h.handle, access: h.access, attributes: h.attributes, ...(h.rights ? { rights: h.rights } : {}) });
      }
    }
  }
  return { path, type, holders: holders.sort(compareHolders), unexamined, method: 'snapshot', handlesInTable: handles, candidates: 0, scanMs: 0 };
}

/** What process `pid` held, from the section. */
export function recordedProcessHandles(section: HoldersSection, pid: number): NtResult<ProcessHandlesReport> {
  const p = section.processes.find((x) => x.pid === pid);
  if (!p) {
    const s = STATUS.INVALID_CID; // no such process when the snapshot was taken
    return { ok: false, status: s, name: statusName(s), message: `process ${pid} was not running when the snapshot was taken: ${formatStatus(s)}` };
  }
  return {
    ok: true,
    status: 0,
    value: {
      pid: p.pid,
      image: p.image,
      handles: p.error ? { ok: false, error: p.error } : { ok: true, value: structuredClone(p.handles) },
      handlesInTable: p.handlesInTable,
      fileHandlesSkipped: p.fileHandlesSkipped,
      scanMs: 0,
    },
  };
}
