// NTSTATUS names, so errors read `STATUS_ACCESS_DENIED (0xC0000022)` and not `-1073741790`.
import { hex32 } from './format';
import type { StatusInfo } from './model';

const NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [0x00000000, 'STATUS_SUCCESS'],
  [0x00000102, 'STATUS_TIMEOUT'],
  [0x00000103, 'STATUS_PENDING'],
  [0x00000104, 'STATUS_REPARSE'],
  [0x00000105, 'STATUS_MORE_ENTRIES'],
  [0x00000106, 'STATUS_NOT_ALL_ASSIGNED'],
  [0x80000005, 'STATUS_BUFFER_OVERFLOW'],
  [0x80000006, 'STATUS_NO_MORE_FILES'],
  [0x8000001a, 'STATUS_NO_MORE_ENTRIES'],
  [0xc0000001, 'STATUS_UNSUCCESSFUL'],
  [0xc0000002, 'STATUS_NOT_IMPLEMENTED'],
  [0xc0000003, 'STATUS_INVALID_INFO_CLASS'],
  [0xc0000004, 'STATUS_INFO_LENGTH_MISMATCH'],
  [0xc0000005, 'STATUS_ACCESS_VIOLATION'],
  [0xc0000008, 'STATUS_INVALID_HANDLE'],
  [0xc000000d, 'STATUS_INVALID_PARAMETER'],
  [0xc000000f, 'STATUS_NO_SUCH_FILE'],
  [0xc0000017, 'STATUS_NO_MEMORY'],
  [0xc0000022, 'STATUS_ACCESS_DENIED'],
  [0xc0000023, 'STATUS_BUFFER_TOO_SMALL'],
  [0xc0000024, 'STATUS_OBJECT_TYPE_MISMATCH'],
  [0xc0000033, 'STATUS_OBJECT_NAME_INVALID'],
  [0xc0000034, 'STATUS_OBJECT_NAME_NOT_FOUND'],
  [0xc0000035, 'STATUS_OBJECT_NAME_COLLISION'],
  [0xc0000039, 'STATUS_OBJECT_PATH_INVALID'],
  [0xc000003a, 'STATUS_OBJECT_PATH_NOT_FOUND'],
  [0xc000003b, 'STATUS_OBJECT_PATH_SYNTAX_BAD'],
  [0xc0000061, 'STATUS_PRIVILEGE_NOT_HELD'],
  [0xc0000078, 'STATUS_INVALID_SID'],
  [0xc000007a, 'STATUS_PROCEDURE_NOT_FOUND'],
  [0xc00000bb, 'STATUS_NOT_SUPPORTED'],
  [0xc0000103, 'STATUS_NOT_A_DIRECTORY'],
  [0xc0000135, 'STATUS_DLL_NOT_FOUND'],
  [0xc0000139, 'STATUS_ENTRYPOINT_NOT_FOUND'],
  [0xc000013a, 'STATUS_CONTROL_C_EXIT'],
  [0xc0000225, 'STATUS_NOT_FOUND'],
  [0xc000010a, 'STATUS_PROCESS_IS_TERMINATING'],
  [0xc000004b, 'STATUS_THREAD_IS_TERMINATING'],

  [0xc00000e5, 'STATUS_INTERNAL_ERROR'],
  [0xc00000b5, 'STATUS_IO_TIMEOUT'],
  [0xc0000120, 'STATUS_CANCELLED'],
  [0xc000009a, 'STATUS_INSUFFICIENT_RESOURCES'],
  [0xc0000128, 'STATUS_FILE_CLOSED'],
  [0xc0000189, 'STATUS_TOO_LATE'],
  [0xc0000427, 'STATUS_SYMLINK_CLASS_DISABLED'],
]);

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
