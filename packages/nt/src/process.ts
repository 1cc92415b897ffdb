// Facts about one process handle (live or exited), for the zombie scan. Every call here works
// with SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, which is all a duplicated zombie handle
// carries, and all of them keep working after the process has exited.
import { toUint32Status } from '@objscope/core';
import { nt, type Ptr } from './ffi';
import type { NtResult } from '@objscope/core';
import { closeWin32Handle, openProcess, PROCESS_QUERY_LIMITED_INFORMATION } from './handles';
import { fail, ok } from './result';

const ProcessBasicInformation = 0;
/** PROCESS_BASIC_INFORMATION on x64. */
const PBI_SIZE = 48;
const PBI_PID = 32;
const PBI_INHERITED_FROM = 40;

export interface ProcessFacts {
  pid: number;
  exitCode: number | null;
  /** NT path of the image (`\Device\HarddiskVolume3\Windows\notepad.exe`), or null. */
  ntImagePath: string | null;
  /** FILETIME ticks; 0n when unknown. */
  createTime: bigint;
  exitTime: bigint;
  userTime: bigint;
  kernelTime: bigint;
  /** InheritedFromUniqueProcessId as recorded at creation; null when unreadable. */
  parentPid: number | null;
}

function processExitCode(h: Ptr): number | null {
  const code = [0];
  return nt().kernel32.GetExitCodeProcess(h, code) ? (code[0]! >>> 0) : null;
}

const IMAGE_PATH_CHARS = 32768;
const IMAGE_PATH_FIRST_TRY = 1024;
// Buffers reused by every call: a scan reads thousands of image paths. The short one first,
// because Wine's cost grows with the buffer offered (about 120 us for 1,024 characters against
// 150 us for 32,768); the long one only for a path that did not fit.
let shortBuffer: Buffer | null = null;
let longBuffer: Buffer | null = null;

/**
 * GetProcessImageFileNameW: the NT path. QueryFullProcessImageNameW would give a DOS path but
 * fails for exited processes on Windows, so the caller maps the NT path itself.
 */
function processNtImagePath(h: Ptr): string | null {
  const f = nt().kernel32.K32GetProcessImageFileNameW;
  shortBuffer ??= Buffer.alloc(IMAGE_PATH_FIRST_TRY * 2);
  const n = f(h, shortBuffer, IMAGE_PATH_FIRST_TRY);
  // A result that fills the buffer may have been cut (the call truncates silently on some builds).
  if (n > 0 && n < IMAGE_PATH_FIRST_TRY - 1) return shortBuffer.toString('utf16le', 0, n * 2);
  longBuffer ??= Buffer.alloc(IMAGE_PATH_CHARS * 2);
  const m = f(h, longBuffer, IMAGE_PATH_CHARS);
  return m > 0 ? longBuffer.toString('utf16le', 0, m * 2) : null;
}

export interface ProcessBasic {
  pid: number;
  exitStatus: number;
  parentPid: number;
}

/** PROCESS_BASIC_INFORMATION: pid, exit status and parent in one call. */
export function processBasic(h: Ptr): NtResult<ProcessBasic> {
  const buf = Buffer.alloc(PBI_SIZE);
  const len = [0];
  const status = toUint32Status(nt().ntdll.NtQueryInformationProcess(h, ProcessBasicInformation, buf, PBI_SIZE, len));
  if (status !== 0) return fail(status, 'NtQueryInformationProcess(ProcessBasicInformation)');
  return ok({
    exitStatus: buf.readUInt32LE(0),
    pid: Number(buf.readBigUInt64LE(PBI_PID)),
    parentPid: Number(buf.readBigUInt64LE(PBI_INHERITED_FROM)),
  });
}


/** Pid and creation time: enough to tell this process from a later one with its pid. */
export function identifyProcess(h: Ptr): { pid: number; createTime: bigint } {
  const k32 = nt().kernel32;
  const c = [0n], e = [0n], k = [0n], u = [0n];
  return { pid: k32.GetProcessId(h) >>> 0, createTime: k32.GetProcessTimes(h, c, e, k, u) ? BigInt(c[0]!) : 0n };
}

/**
 * Everything the report needs about one process handle, in as few calls as possible (under
 * Wine each one is a wineserver round trip, and a scan makes thousands): basic information
 * gives the PID, the exit code and the parent at once.
 */
export function queryProcessFacts(h: Ptr, known?: ProcessBasic | null): ProcessFacts {
  const k32 = nt().kernel32;
  const c = [0n], e = [0n], k = [0n], u = [0n];
  const timesOk = k32.GetProcessTimes(h, c, e, k, u);
  const basic = known ?? ((b) => (b.ok ? b.value : null))(processBasic(h));
  return {
    pid: basic ? basic.pid : k32.GetProcessId(h) >>> 0,
    exitCode: basic ? basic.exitStatus : processExitCode(h),
    ntImagePath: processNtImagePath(h),
    createTime: timesOk ? BigInt(c[0]!) : 0n,
    exitTime: timesOk ? BigInt(e[0]!) : 0n,
    userTime: timesOk ? BigInt(u[0]!) : 0n,
    kernelTime: timesOk ? BigInt(k[0]!) : 0n,
    parentPid: basic ? basic.parentPid : null,
  };
}

/**
 * The file name of a process's image, asked of the process itself (open, one query, close);
 * null when it cannot be opened for that (System, protected processes) or names no file.
 */
export function processImageName(pid: number): string | null {
  const h = openProcess(pid, PROCESS_QUERY_LIMITED_INFORMATION);
  if (!h.ok) return null;
  try {
    const path = processNtImagePath(h.value);
    return path ? imageBaseName(path) : null;
  } finally {
    closeWin32Handle(h.value);
  }
}

/** The last component of an NT or DOS path (`\` separated; `/` is an ordinary character there). */
export function imageBaseName(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

/** 100 ns ticks to milliseconds. */
export function ticksToMs(ticks: bigint): number {
  return Number(ticks / 10_000n);
}
