// No handle leak: 200 full-namespace walks in one process leave its handle count where it was
// (GetProcessHandleCount, which Wine implements). A walk that forgot one NtClose on any path
// would leave at least 200 handles behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startObjHelper, type ObjHelper } from '../../../../tools/testing/objhelper';
import { objscopeJson, prepareWine } from './support/wine';

interface BenchWalk {
  objects: number;
  directories: number;
  handleCountBefore: number;
  handleCountAfter: number;
  perWalkMs: number[] | number;
}

describe('objscope bench-walk under Wine', () => {
  let helper: ObjHelper;
  let r: BenchWalk;

  beforeAll(async () => {
    await prepareWine();
    // Links, a denied directory and hostile names put the error paths into every walk.
    helper = await startObjHelper({ label: 'leak', big: 50 });
    r = await objscopeJson<BenchWalk>(['bench-walk', '--repeat', '200', '--json']);
  });
  afterAll(async () => {
    await helper?.stop();
  });

  it('walked the whole namespace, the helper\'s objects included', () => {
    expect(r.objects).toBeGreaterThanOrEqual(helper.manifest.objects.length);
    expect(r.directories).toBeGreaterThan(10);
  });

  it('leaves the handle count unchanged after 200 walks', () => {
    expect(r.handleCountBefore).toBeGreaterThan(0);
    expect(r.handleCountAfter).toBe(r.handleCountBefore);
  });
});
