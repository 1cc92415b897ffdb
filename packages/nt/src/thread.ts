// Facts about one thread handle (live or exited), for the zombie scan. Works with
// SYNCHRONIZE | THREAD_QUERY_LIMITED_INFORMATION, the rights a duplicated zombie handle carries.
import { toUint32Status } from '@objscope/core';
import { nt, type Ptr } from './ffi';
import type { NtResult } from '@objscope/core';
import { fail, ok } from './result';

const ThreadBasicInformation = 0;
/** THREAD_BASIC_INFORMATION on x64: ExitStatus, TebBaseAddress, ClientId {pid, tid}, ... */
const TBI_SIZE = 48;
const TBI_PID = 16;
const TBI_TID = 24;

export interface ThreadFacts {
  tid: number;
  pid: number;
  exitCode: number | null;
  createTime: bigint;
  exitTime: bigint;
  userTime: bigint;
  kernelTime: bigint;
}

export interface ThreadBasic {
  tid: number;
  pid: number;
  exitStatus: number;
}

/** THREAD_BASIC_INFORMATION: ids and exit status in one call. */
export function threadBasic(h: Ptr): NtResult<ThreadBasic> {
  const buf = Buffer.alloc(TBI_SIZE);
  const len = [0];
  const status = toUint32Status(nt().ntdll.NtQueryInformationThread(h, ThreadBasicInformation, buf, TBI_SIZE, len));
  if (status !== 0) return fail(status, 'NtQueryInformationThread(ThreadBasicInformation)');
  return ok({
    exitStatus: buf.readUInt32LE(0),
    tid: Number(buf.readBigUInt64LE(TBI_TID)),
    pid: Number(buf.readBigUInt64LE(TBI_PID)),
  });
}

export function queryThreadFacts(h: Ptr, known?: ThreadBasic | null): ThreadFacts | null {
  const basic = known ?? ((b) => (b.ok ? b.value : null))(threadBasic(h));
  if (!basic) return null;
  const c = [0n], e = [0n], k = [0n], u = [0n];
  const timesOk = nt().kernel32.GetThreadTimes(h, c, e, k, u);
  return {
    tid: basic.tid,
    pid: basic.pid,
    // ExitStatus of the basic information is GetExitCodeThread's answer, one call fewer.
    exitCode: basic.exitStatus,
    createTime: timesOk ? BigInt(c[0]!) : 0n,
    exitTime: timesOk ? BigInt(e[0]!) : 0n,
    userTime: timesOk ? BigInt(u[0]!) : 0n,
    kernelTime: timesOk ? BigInt(k[0]!) : 0n,
  };
}
