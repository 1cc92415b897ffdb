// Building NtResult values: the status travels with the value, with its name and a message.
import type { Field, NtResult } from '@objscope/core';
import { formatStatus, statusInfo, statusName, toUint32Status } from '@objscope/core';

export type Failure = Extract<NtResult<never>, { ok: false }>;

export function ok<T>(value: T, status = 0): NtResult<T> {
  return { ok: true, status, value };
}

export function fail(status: number, context?: string): Failure {
  const s = toUint32Status(status);
  return { ok: false, status: s, name: statusName(s), message: context ? `${context}: ${formatStatus(s)}` : formatStatus(s) };
}

export function toField<T>(r: NtResult<T>): Field<T> {
  return r.ok ? { ok: true, value: r.value } : { ok: false, error: statusInfo(r.status) };
}
