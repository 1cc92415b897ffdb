import { describe, expect, it } from 'vitest';
import type { DirEntry, NtResult } from '@objscope/core';
import { MEMORY_CONDITION_NAMES } from '@objscope/core';
import { classifyMemoryConditions } from '../src/memory';

const entry = (name: string, type: string, target: string | null = null): DirEntry => ({ name, type, target, error: null });
const listing = (entries: DirEntry[]): NtResult<DirEntry[]> => ({ ok: true, status: 0, value: entries });
const signaled = (value: boolean): NtResult<boolean> => ({ ok: true, status: 0, value });
const refused = (status: number, name: string): NtResult<boolean> => ({ ok: false, status, name, message: name });

describe('classifyMemoryConditions', () => {
  it('Wine: six plain Events, the other five absent, in the canonical order', () => {
    const six = ['LowPagedPoolCondition', 'HighPagedPoolCondition', 'LowNonPagedPoolCondition', 'HighNonPagedPoolCondition', 'LowMemoryCondition', 'HighMemoryCondition'];
    const r = classifyMemoryConditions(listing([...six.map((n) => entry(n, 'Event')), entry('__wineboot_event', 'Event')]), (p) => signaled(p.endsWith('HighMemoryCondition')));
    expect(r.map((c) => c.name)).toEqual([...MEMORY_CONDITION_NAMES]);
    expect(r.filter((c) => c.kind === 'event').map((c) => c.name)).toEqual(six);
    expect(r.filter((c) => c.kind === 'absent').map((c) => c.name)).toEqual(['LowCommitCondition', 'HighCommitCondition', 'MaximumCommitCondition', 'MemoryErrors', 'PhysicalMemoryChange']);
    expect(r.find((c) => c.name === 'HighMemoryCondition')).toEqual({ name: 'HighMemoryCondition', path: '\\KernelObjects\\HighMemoryCondition', kind: 'event', signaled: true, error: null });
    expect(r.find((c) => c.name === 'MemoryErrors')!.signaled).toBeNull();
  });

  it('Windows: links with an empty target that open as an Event are dynamic links with its state', () => {
    const r = classifyMemoryConditions(listing(MEMORY_CONDITION_NAMES.map((n) => entry(n, 'SymbolicLink'))), () => signaled(false));
    // Eleven, stated here rather than read from MEMORY_CONDITION_NAMES: the kernel names eleven
    // memory-condition events under \KernelObjects (README, `objscope memory`), and an empty
    // list must not pass the every() below.
    expect(r).toHaveLength(11);
    expect(r.every((c) => c.kind === 'dynamic-link' && c.signaled === false && c.error === null)).toBe(true);
  });

  it('a link that does not open as an Event, or has a real target, is not a memory condition', () => {
    const mismatch = { status: 0xc0000024, name: 'STATUS_OBJECT_TYPE_MISMATCH' };
    const r = classifyMemoryConditions(listing([entry('LowCommitCondition', 'SymbolicLink'), entry('MemoryErrors', 'SymbolicLink', '\\Somewhere')]), () => refused(mismatch.status, mismatch.name));
    expect(r.find((c) => c.name === 'LowCommitCondition')).toMatchObject({ kind: 'absent', error: mismatch });
    expect(r.find((c) => c.name === 'MemoryErrors')).toMatchObject({ kind: 'absent', error: null });
  });

  it('a dynamic link that refuses the open is present and unreadable, with the status, not absent (defect 6)', () => {
    const denied = { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' };
    const r = classifyMemoryConditions(listing([entry('HighCommitCondition', 'SymbolicLink', '')]), () => refused(denied.status, denied.name));
    expect(r.find((c) => c.name === 'HighCommitCondition')).toEqual({
      name: 'HighCommitCondition', path: '\\KernelObjects\\HighCommitCondition', kind: 'dynamic-link', signaled: null, error: denied,
    });
  });

  it('an Event whose state cannot be read keeps its kind and carries the error', () => {
    const err = { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' };
    const r = classifyMemoryConditions(listing([entry('LowMemoryCondition', 'Event')]), () => refused(err.status, err.name));
    expect(r.find((c) => c.name === 'LowMemoryCondition')).toMatchObject({ kind: 'event', signaled: null, error: err });
  });

  it('when \\KernelObjects cannot be listed every condition carries that status', () => {
    const r = classifyMemoryConditions({ ok: false, status: 0xc0000022, name: 'STATUS_ACCESS_DENIED', message: 'denied' }, () => {
      throw new Error('must not open anything');
    });
    expect(r).toHaveLength(11);
    expect(r.every((c) => c.kind === 'absent' && c.error?.name === 'STATUS_ACCESS_DENIED')).toBe(true);
  });
});
