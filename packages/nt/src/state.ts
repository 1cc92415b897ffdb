// Type-specific state, where one cheap query on an open handle gives it.
import type { Field, TypeState } from '@objscope/core';
import { statusInfo, STATUS, toUint32Status } from '@objscope/core';
import { nt, type Ptr } from './ffi';
import type { Parsed } from './parsers/parsed';
import { parseEventInfo, parseMutantInfo, parseSectionInfo, parseSemaphoreInfo, parseTimerInfo } from './parsers/state';

const QUERIES = new Map<string, { fn: string; size: number; parse: (b: Uint8Array) => Parsed<TypeState> }>([
  ['Event', { fn: 'NtQueryEvent', size: 8, parse: parseEventInfo }],
  ['Mutant', { fn: 'NtQueryMutant', size: 8, parse: parseMutantInfo }],
  ['Semaphore', { fn: 'NtQuerySemaphore', size: 8, parse: parseSemaphoreInfo }],
  ['Section', { fn: 'NtQuerySection', size: 24, parse: parseSectionInfo }],
  ['Timer', { fn: 'NtQueryTimer', size: 16, parse: parseTimerInfo }],
]);

/** Whether objscope reads type-specific state for this type. */
export function hasState(type: string): boolean {
  return QUERIES.has(type);
}

/** Null for types without cheap state; the handle needs the type's QUERY_STATE right. */
export function queryState(h: Ptr, type: string): Field<TypeState> | null {
  const q = QUERIES.get(type);
  if (!q) return null;
  const bytes = new Uint8Array(q.size);
  const fn = (nt().ntdll as Record<string, (...a: unknown[]) => number>)[q.fn]!;
  const s = toUint32Status(fn(h, 0, bytes, bytes.byteLength, [0]));
  if (s !== 0) return { ok: false, error: statusInfo(s) };
  const p = q.parse(bytes);
  return p.ok ? { ok: true, value: p.value } : { ok: false, error: statusInfo(STATUS.UNSUCCESSFUL) };
}
