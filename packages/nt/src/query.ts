// The one "call, and grow the buffer until the answer fits" loop for every NT query that
// reports the size it needs (NtQueryObject, NtQuerySecurityObject, NtQuerySystemInformation).
import type { NtResult } from '@objscope/core';
import { addressOf } from './ffi';
import { fail, ok } from './result';
import { STATUS, toUint32Status } from '@objscope/core';

const tooSmall = (s: number) => s === STATUS.INFO_LENGTH_MISMATCH || s === STATUS.BUFFER_TOO_SMALL || s === STATUS.BUFFER_OVERFLOW;

export interface Grown {
  bytes: Uint8Array;
  /** The address of `bytes` (string pointers in the answer are absolute). */
  base: bigint;
  /** ReturnLength when the call reported it, else the buffer size. */
  length: number;
}

/**
 * Calls `call(buffer, &returnLength)` and grows the buffer to what it asked for, plus an eighth
 * (system tables grow between two calls), at least doubling, until it fits or 16 attempts.
 */
export function queryGrowing(call: (buf: Uint8Array, ret: [number]) => number, initial: number, what: string): NtResult<Grown> {
  let size = initial;
  for (let attempt = 0; attempt < 16; attempt++) {
    const bytes = new Uint8Array(size);
    const ret: [number] = [0];
    const s = toUint32Status(call(bytes, ret));
    if (s === 0) return ok({ bytes, base: addressOf(bytes), length: ret[0] || size });
    if (!tooSmall(s)) return fail(s, what);
    const needed = ret[0];
    size = Math.max(needed + Math.floor(needed / 8) + 64, size * 2);
  }
  return fail(STATUS.INFO_LENGTH_MISMATCH, `${what}: the answer kept growing`);
}
