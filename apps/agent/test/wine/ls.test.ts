// `objscope --wine ls PATH [--recursive] --json` against a namespace objhelper built in the
// prefix: the JSON must equal what the helper created, field for field, for every hostile name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListedObject } from '@objscope/core';
import { HOSTILE_NAMES, startObjHelper, type ManifestObject, type ObjHelper } from '../../../../tools/testing/objhelper';
import { objscopeJson, prepareWine } from './support/wine';

/** The five fields issue 2 fixes for each `ls --json` element. */
type Listed = Pick<ListedObject, 'path' | 'name' | 'type' | 'target' | 'error'>;

const ACCESS_DENIED = { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' };

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
const contract = (e: Listed): Listed => ({ path: e.path, name: e.name, type: e.type, target: e.target, error: e.error });
const expected = (o: ManifestObject, error: Listed['error'] = null): Listed => ({
  path: o.path,
  name: o.name,
  type: o.type,
  target: o.target,
  error,
});
const isChildOf = (path: string, dir: string) => path.startsWith(`${dir}\\`) && !path.slice(dir.length + 1).includes('\\');

describe('objscope ls --json under Wine', () => {
  let helper: ObjHelper;
  let flat: Listed[];
  let deep: Listed[];

  beforeAll(async () => {
    await prepareWine();
    helper = await startObjHelper({ label: 'ls' });
    flat = await objscopeJson<Listed[]>(['ls', helper.root, '--json']);
    deep = await objscopeJson<Listed[]>(['ls', helper.root, '--recursive', '--json']);
  });
  afterAll(async () => {
    await helper?.stop();
  });

  it('prints one element per object with exactly path, name, type, target and error', () => {
    expect(Array.isArray(flat)).toBe(true);
    for (const e of flat) {
      expect(typeof e.path).toBe('string');
      expect(typeof e.name).toBe('string');
      expect(typeof e.type).toBe('string');
      expect(e.target === null || typeof e.target === 'string').toBe(true);
      expect('error' in e).toBe(true);
    }
  });

  it('lists exactly the objects the helper created directly under the root', () => {
    const want = helper.manifest.objects.filter((o) => isChildOf(o.path, helper.root)).map((o) => expected(o));
    expect(flat.map(contract).sort(byPath)).toEqual(want.sort(byPath));
  });

  it('lists the whole tree with --recursive, the denied directory carrying STATUS_ACCESS_DENIED', () => {
    const denied = helper.manifest.denied.path;
    const want = helper.manifest.objects.map((o) => expected(o, o.path === denied ? ACCESS_DENIED : null));
    expect(deep.map(contract).sort(byPath)).toEqual(want.sort(byPath));
  });

  it('goes on walking after the access-denied directory and shows nothing from inside it', () => {
    expect(helper.manifest.denied.enforced).toBe(true);
    const paths = new Set(deep.map((e) => e.path));
    for (const hidden of helper.manifest.denied.hidden) expect(paths.has(hidden)).toBe(false);
    // Everything else was still reached, whatever order the walk visited directories in.
    expect(deep.filter((e) => isChildOf(e.path, helper.manifest.big.path))).toHaveLength(3000);
    expect(deep.some((e) => e.path.endsWith('\\nested\\level1\\level2\\level3\\level4'))).toBe(true);
  });

  describe.each(HOSTILE_NAMES.map((name) => [JSON.stringify(name), name] as const))('hostile name %s', (_label, name) => {
    it('comes back exactly once, byte for byte, with its full path joined by \\', () => {
      const hits = flat.filter((e) => e.name === name);
      expect(hits).toHaveLength(1);
      expect(hits[0]!.path).toBe(`${helper.root}\\${name}`);
      expect(helper.manifest.hostile).toContain(hits[0]!.path);
    });
  });

  it('joins hostile directory and child names without mangling either', () => {
    const dir = `${helper.root}\\<dir a/b> \u{1F600}`;
    const children = deep.filter((e) => isChildOf(e.path, dir)).map(contract).sort(byPath);
    expect(children).toEqual(
      [
        { path: `${dir}\\..`, name: '..', type: 'Directory', target: null, error: null },
        { path: `${dir}\\__proto__`, name: '__proto__', type: 'Event', target: null, error: null },
        { path: `${dir}\\nul\0child\0`, name: 'nul\0child\0', type: 'Mutant', target: null, error: null },
      ].sort(byPath),
    );
  });

  it('gives symbolic links their targets, dangling and looping ones included, and does not follow them', () => {
    const links = helper.manifest.links;
    const target = (p: string) => flat.find((e) => e.path === p)?.target;
    expect(target(links.toObject)).toBe(`${helper.root}\\event-signaled`);
    expect(target(links.dangling)).toBe(`${helper.root}\\does-not-exist`);
    expect(target(links.loopA)).toBe(links.loopB);
    expect(target(links.loopB)).toBe(links.loopA);
    expect(deep.some((e) => e.path.startsWith(`${links.toDirectory}\\`))).toBe(false);
  });

  it('pages through a 3,000-entry directory completely', async () => {
    const big = await objscopeJson<Listed[]>(['ls', helper.manifest.big.path, '--json']);
    const names = big.map((e) => e.name).sort();
    expect(names).toEqual(Array.from({ length: 3000 }, (_, i) => `e${String(i).padStart(5, '0')}`));
    expect(big.every((e) => e.type === 'Event' && e.target === null && e.error === null)).toBe(true);
  });

  it('sees objects created and deleted while it is not running (no stale state between runs)', async () => {
    const path = `${helper.root}\\appeared \u{1F9EA}\0late`;
    expect(await helper.create('Semaphore', path)).toBe('ok');
    const after = await objscopeJson<Listed[]>(['ls', helper.root, '--json']);
    expect(after.filter((e) => e.path === path).map(contract)).toEqual([
      { path, name: 'appeared \u{1F9EA}\0late', type: 'Semaphore', target: null, error: null },
    ]);
    expect(await helper.remove(path)).toBe('ok');
    const gone = await objscopeJson<Listed[]>(['ls', helper.root, '--json']);
    expect(gone.some((e) => e.path === path)).toBe(false);
  });
});
