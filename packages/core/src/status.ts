// NTSTATUS names, so errors read `STATUS_ACCESS_DENIED (0xC0000022)` and not `-1073741790`.
import { hex32 } from './format';
import type { StatusInfo } from './model';

/**
 * The NTSTATUS values objscope uses or names, one place for all packages (`STATUS.ACCESS_DENIED`).
 * The names table below is made from it, so a status and its name cannot disagree.
 */
export const STATUS = {
  SUCCESS: 0x00000000,
  TIMEOUT: 0x00000102,
  PENDING: 0x00000103,
  REPARSE: 0x00000104,
  MORE_ENTRIES: 0x00000105,
  NOT_ALL_ASSIGNED: 0x00000106,
  BUFFER_OVERFLOW: 0x80000005,
  NO_MORE_FILES: 0x80000006,
  NO_MORE_ENTRIES: 0x8000001a,
  UNSUCCESSFUL: 0xc0000001,
  NOT_IMPLEMENTED: 0xc0000002,
  INVALID_INFO_CLASS: 0xc0000003,
  INFO_LENGTH_MISMATCH: 0xc0000004,
  ACCESS_VIOLATION: 0xc0000005,
  INVALID_HANDLE: 0xc0000008,
  INVALID_PARAMETER: 0xc000000d,
  NO_SUCH_FILE: 0xc000000f,
  NO_MEMORY: 0xc0000017,
  ACCESS_DENIED: 0xc0000022,
  BUFFER_TOO_SMALL: 0xc0000023,
  OBJECT_TYPE_MISMATCH: 0xc0000024,
  OBJECT_NAME_INVALID: 0xc0000033,
  OBJECT_NAME_NOT_FOUND: 0xc0000034,
  OBJECT_NAME_COLLISION: 0xc0000035,
  OBJECT_PATH_INVALID: 0xc0000039,
  OBJECT_PATH_NOT_FOUND: 0xc000003a,
  OBJECT_PATH_SYNTAX_BAD: 0xc000003b,
  PRIVILEGE_NOT_HELD: 0xc0000061,
  INVALID_SID: 0xc0000078,
  PROCEDURE_NOT_FOUND: 0xc000007a,
  NOT_SUPPORTED: 0xc00000bb,
  NOT_A_DIRECTORY: 0xc0000103,
  DLL_NOT_FOUND: 0xc0000135,
  ENTRYPOINT_NOT_FOUND: 0xc0000139,
  CONTROL_C_EXIT: 0xc000013a,
  NOT_FOUND: 0xc0000225,
  PROCESS_IS_TERMINATING: 0xc000010a,
  THREAD_IS_TERMINATING: 0xc000004b,
  INTERNAL_ERROR: 0xc00000e5,
  IO_TIMEOUT: 0xc00000b5,
  CANCELLED: 0xc0000120,
  INSUFFICIENT_RESOURCES: 0xc000009a,
  FILE_CLOSED: 0xc0000128,
  TOO_LATE: 0xc0000189,
  SYMLINK_CLASS_DISABLED: 0xc0000427,
  INVALID_CID: 0xc000000b,
  NOT_SAME_OBJECT: 0xc00001ac,
} as const;

const NAMES: ReadonlyMap<number, string> = new Map(Object.entries(STATUS).map(([name, value]) => [value, `STATUS_${name}`]));

/** Normalises a status from any source (negative int32 from koffi, or unsigned) to uint32. */
export function toUint32Status(status: number): number {
  return status >>> 0;
}

function statusHex(status: number): string {
  return hex32(status);
}

/** Symbolic name, or the hex value when the name is not in the table. */
export function statusName(status: number): string {
  const s = toUint32Status(status);
  return NAMES.get(s) ?? statusHex(s);
}

/** `STATUS_ACCESS_DENIED (0xC0000022)`. */
export function formatStatus(status: number): string {
  const s = toUint32Status(status);
  const name = NAMES.get(s);
  return name ? `${name} (${statusHex(s)})` : statusHex(s);
}

export function statusInfo(status: number): StatusInfo {
  const s = toUint32Status(status);
  return { status: s, name: statusName(s) };
}

/** NT_SUCCESS: severity success or informational. */
export function ntSuccess(status: number): boolean {
  return toUint32Status(status) < 0x80000000;
}
