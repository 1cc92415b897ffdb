// `objscope --wine memory --json`: the eleven \KernelObjects memory conditions. Wine 8 creates
// six of them as plain Events (Windows makes all eleven dynamic symbolic links).
import { beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_CONDITION_NAMES, type MemoryCondition } from '@objscope/core';
import { objscopeJson, prepareWine } from './support/wine';

const WINE_EVENTS = [
  'LowMemoryCondition',
  'HighMemoryCondition',
  'LowPagedPoolCondition',
  'HighPagedPoolCondition',
  'LowNonPagedPoolCondition',
  'HighNonPagedPoolCondition',
];

describe('objscope memory --json under Wine', () => {
  let conditions: MemoryCondition[];

  beforeAll(async () => {
    await prepareWine();
    conditions = await objscopeJson<MemoryCondition[]>(['memory', '--json']);
  });

  it('reports all eleven conditions once each, at their \\KernelObjects paths', () => {
    expect(conditions.map((c) => c.name).sort()).toEqual([...MEMORY_CONDITION_NAMES].sort());
    for (const c of conditions) expect(c.path).toBe(`\\KernelObjects\\${c.name}`);
  });

  it.each(WINE_EVENTS)('shows %s as a plain event with a readable state', (name) => {
    const c = conditions.find((x) => x.name === name)!;
    expect(c.kind).toBe('event');
    expect(typeof c.signaled).toBe('boolean');
    expect(c.error).toBeNull();
  });

  it.each(MEMORY_CONDITION_NAMES.filter((n) => !WINE_EVENTS.includes(n)))('shows %s as absent', (name) => {
    const c = conditions.find((x) => x.name === name)!;
    expect(c.kind).toBe('absent');
    expect(c.signaled).toBeNull();
  });
});
