// The ground truth the CLI tests compare against: what objhelper says it created is exactly what
// a native (C) NtQueryDirectoryObject listing sees, hostile names and all. If this fails, the
// other Wine tests' expectations are wrong, not the agent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_NAMES, startObjHelper, type ObjHelper } from '../../../../tools/testing/objhelper';
import { harness, prepareWine } from './support/wine';

async function nativeList(path: string): Promise<{ name: string; type: string }[]> {
  const r = await harness.runExe(harness.nativeExe('walker'), ['list', path]);
  if (r.code !== 0) throw new Error(`walker list ${path}: exit ${r.code} ${r.stderr}`);
  return JSON.parse(r.stdout) as { name: string; type: string }[];
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

describe('objhelper (checked with the native walker)', () => {
  let helper: ObjHelper;

  beforeAll(async () => {
    await prepareWine({ cli: false });
    helper = await startObjHelper({ label: 'native', big: 3000 });
  });
  afterAll(async () => {
    await helper?.stop();
  });

  it('creates exactly the root entries its manifest lists', async () => {
    const { manifest } = helper;
    const prefix = `${manifest.root}\\`;
    const expected = manifest.objects
      .filter((o) => o.path.startsWith(prefix) && !o.path.slice(prefix.length).includes('\\'))
      .map((o) => ({ name: o.name, type: o.type }));
    expect((await nativeList(manifest.root)).sort(byName)).toEqual(expected.sort(byName));
  });

  it('creates every hostile name of the spec, exactly', () => {
    const names = new Set(helper.manifest.hostile.map((p) => p.slice(helper.manifest.root.length + 1)));
    for (const name of HOSTILE_NAMES) expect(names.has(name), JSON.stringify(name)).toBe(true);
  });

  it('fills the big directory with the requested number of entries', async () => {
    const entries = await nativeList(helper.manifest.big.path);
    expect(entries).toHaveLength(3000);
    expect(new Set(entries.map((e) => e.name)).size).toBe(3000);
  });

  it('makes the denied directory unlistable: Wine enforces its empty DACL', async () => {
    expect(helper.manifest.denied.enforced).toBe(true);
    const r = await harness.runExe(harness.nativeExe('walker'), ['list', helper.manifest.denied.path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('0xC0000022');
  });

  it('creates and deletes objects on command while running', async () => {
    const path = `${helper.root}\\live \u{1F600}\0made`;
    expect(await helper.create('Mutant', path)).toBe('ok');
    expect(await helper.create('Mutant', path)).toBe('error 0xC0000035');
    expect((await nativeList(helper.root)).filter((e) => e.name === 'live \u{1F600}\0made')).toEqual([
      { name: 'live \u{1F600}\0made', type: 'Mutant' },
    ]);
    expect(await helper.remove(path)).toBe('ok');
    expect((await nativeList(helper.root)).some((e) => e.name === 'live \u{1F600}\0made')).toBe(false);
    expect(await helper.remove(path)).toBe('error not-held');
  });
});
