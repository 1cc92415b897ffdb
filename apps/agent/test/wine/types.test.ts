// `objscope --wine types --json`: per-type object and handle counts (ObjectTypesInformation).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypeStat } from '@objscope/core';
import { startObjHelper, type ObjHelper } from '../../../../tools/testing/objhelper';
import { objscopeJson, prepareWine } from './support/wine';

describe('objscope types --json under Wine', () => {
  let helper: ObjHelper;
  let types: TypeStat[];

  beforeAll(async () => {
    await prepareWine();
    helper = await startObjHelper({ label: 'types', big: 500 });
    types = await objscopeJson<TypeStat[]>(['types', '--json']);
  });
  afterAll(async () => {
    await helper?.stop();
  });

  it('describes \\ObjectTypes\\Event by the Event type, not by the Type type', async () => {
    const d = await objscopeJson<{ type: string; typeInfo: { ok: boolean; value?: { name: string; totalObjects: number } } }>(['info', '\\ObjectTypes\\Event', '--json']);
    expect(d.type).toBe('Type');
    expect(d.typeInfo.value?.name).toBe('Event');
    // The helper alone holds Events open; the Type type's own count would be the number of types.
    expect(d.typeInfo.value?.totalObjects).toBeGreaterThanOrEqual(helper.manifest.objects.filter((o) => o.type === 'Event').length);
  });

  it('lists each type once', () => {
    const names = types.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(['Directory', 'Event', 'SymbolicLink', 'Mutant', 'Semaphore', 'Section', 'Timer'])(
    'counts at least the %s objects the helper holds open',
    (type) => {
      // The helper's root, the hidden event in the denied directory, and everything listed.
      const created =
        helper.manifest.objects.filter((o) => o.type === type).length +
        (type === 'Directory' ? 1 : 0) +
        (type === 'Event' ? helper.manifest.denied.hidden.length : 0);
      expect(created).toBeGreaterThan(0);
      const stat = types.find((t) => t.name === type);
      expect(stat, type).toBeDefined();
      expect(stat!.objects).toBeGreaterThanOrEqual(created);
      expect(stat!.handles).toBeGreaterThanOrEqual(created);
    },
  );
});
