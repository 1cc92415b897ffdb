// Holders of a named object (who has a handle to it) and the reverse (what a process holds).
// Shared by the live NT layer, the snapshot's optional `holders` section, the API and the UI.
import type { StatusInfo } from './model';

/** One handle to the object, in one holder process */
export interface ObjectHolder {
  pid: number;
  /** Image base name from the process list; null when the process list does not say. */
  image: string | null;
  /** Handle value inside the holder. */
  handle: number;
  /** Granted access as the handle table reports it. */
  access: number;
  /** OBJ_INHERIT (0x2), OBJ_PROTECT_CLOSE (0x1), OBJ_AUDIT_OBJECT_CLOSE (0x4). */
  attributes: number;
  /** `access` by name for the object's type (the ACE decoder's names); absent where not decoded. */
  rights?: string[];
}

/** A process whose handles could not be examined (it could not be opened, or vanished). */
export interface UnexaminedProcess {
  pid: number;
  status: number;
  /** Image name; '' when unknown (the JSON contract keeps it a string). */
  name: string;
}

/**
 * How the holders were found:
 * - `address`: object addresses visible in the system handle table; matched by address;
 * - `compare`: addresses hidden; candidates of the object's type duplicated and compared with
 *   NtCompareObjects (File objects, whose names are never queried in other processes' handles);
 * - `name-index`: addresses hidden; candidates' names indexed once (non-File types) and every
 *   match confirmed with NtCompareObjects;
 * - `name`: like `name-index` where ntdll has no NtCompareObjects (names alone decide);
 * - `snapshot`: recorded in a snapshot.
 */
type HolderMethod = 'address' | 'compare' | 'name-index' | 'name' | 'snapshot';

export interface HoldersReport {
  path: string;
  type: string;
  holders: ObjectHolder[];
  unexamined: UnexaminedProcess[];
  method: HolderMethod;
  /** Handles in the table when it was read (every type). */
  handlesInTable: number;
  /** Handles of the object's type that had to be examined (0 with addresses visible). */
  candidates: number;
  /** Candidates looked at before every handle the object has was accounted for (live scans). */
  examined?: number;
  /** Of those, how many an earlier scan had already named (live scans: the cache at work). */
  reused?: number;
  /**
   * objscope's own processes (the agent and its scan process; live scans): never listed as
   * holders, never counted among them. The object's handle count includes objscope's own open
   * of it while the scan ran, and nothing else of objscope's.
   */
  objscopePids?: number[];
  /**
   * The object's handle count as the scan read it on its own open (that open included; live
   * scans). For a Key it counts that one open only (every NtOpenKey makes a new Key object).
   */
  handleCount?: number;
  scanMs: number;
}

/** One handle a process holds to a named object. */
export interface HeldHandle {
  handle: number;
  type: string;
  /** Full NT name of the object. */
  name: string;
  access: number;
  attributes: number;
  rights?: string[];
}

export interface ProcessHandlesReport {
  pid: number;
  image: string | null;
  /** ok:false when the process cannot be opened for PROCESS_DUP_HANDLE (or does not exist). */
  handles: { ok: true; value: HeldHandle[] } | { ok: false; error: StatusInfo };
  /** Handles of the process in the table, named or not. */
  handlesInTable: number;
  /** File handles (their names are never queried in another process: that query can hang). */
  fileHandlesSkipped: number;
  scanMs: number;
}

const OBJ_PROTECT_CLOSE = 0x1;
const OBJ_INHERIT = 0x2;
const OBJ_AUDIT_OBJECT_CLOSE = 0x4;

/** Handle attribute flags by name, as Process Explorer shows them. */
export function handleAttributeNames(attributes: number): string[] {
  const out: string[] = [];
  if (attributes & OBJ_INHERIT) out.push('Inherit');
  if (attributes & OBJ_PROTECT_CLOSE) out.push('Protect from close');
  if (attributes & OBJ_AUDIT_OBJECT_CLOSE) out.push('Audit on close');
  return out;
}

/** Sort order of holders everywhere: pid, then handle value. */
export function compareHolders(a: ObjectHolder, b: ObjectHolder): number {
  return a.pid - b.pid || a.handle - b.handle;
}

/**
 * Why the object's handle count and the holder list differ, in one sentence: the handles found,
 * those in processes that could not be examined, and objscope's own open. A live report's
 * `handleCount` was read on objscope's own open, which the kernel counts and which is never
 * listed. `propertiesCount` is the count Properties shows, used when the report carries none (a
 * snapshot): it is the count as others see it, objscope's own open already taken off
 * (packages/nt object.ts countsAsOthersSeeThem, as System Informer does), so nothing more is
 * taken off it here.
 * For a Key the count is of one open: every NtOpenKey makes a new Key object (WRK
 * config/cmparse.c, CmpDoOpen), so the key's other users are never in it. Not under Wine
 * (`wine`), whose wineserver keeps one object per key and hands out handles to it (Wine
 * server/registry.c, open_key), so there the count adds up like any other object's.
 */
export function holderCountSentence(r: HoldersReport, propertiesCount: number | null, wine = false): string | null {
  const n = r.handleCount ?? propertiesCount;
  if (n === null) return null;
  const ownCounted = r.handleCount !== undefined;
  const found = r.holders.length;
  const handles = (k: number) => `${k.toLocaleString('en-US')} handle${k === 1 ? '' : 's'}`;
  const listed = `${found.toLocaleString('en-US')} ${found === 1 ? 'is' : 'are'} listed`;
  if (r.type === 'Key' && !wine) {
    const count = ownCounted
      ? `its ${handles(n)} ${n === 1 ? 'is' : 'are'} objscope's own open`
      : `its count of ${n.toLocaleString('en-US')} (objscope's own open not counted) says nothing of the key's users`;
    return `A key's handle count counts one open, not the key's users: every NtOpenKey makes a new Key object (WRK config/cmparse.c), so ${count}, and the ${handles(found)} listed ${found === 1 ? 'is another open' : 'are other opens'} of the same key, matched by name.`;
  }
  const rest = n - found - (ownCounted ? 1 : 0);
  const head = ownCounted
    ? `Of its ${handles(n)}, ${listed}, 1 is objscope's own open to read it (never listed)`
    : `Of its ${handles(n)} (objscope's own open not counted), ${listed}`;
  if (rest === 0) return `${head}.`;
  if (rest < 0) return `${head}; ${handles(-rest)} more than counted ${-rest === 1 ? 'was' : 'were'} found, opened between the count and the table read.`;
  const u = r.unexamined.length;
  if (u === 0) return `${head}, and ${rest.toLocaleString('en-US')} ${rest === 1 ? 'was' : 'were'} not found: opened or closed while the table was read.`;
  return `${head}, and ${rest.toLocaleString('en-US')} ${rest === 1 ? 'is' : 'are'} in ${u === 1 ? 'the process' : `the ${u.toLocaleString('en-US')} processes`} not examined.`;
}
