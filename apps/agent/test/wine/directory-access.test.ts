// Directories are opened with DIRECTORY_QUERY only (issue 10, defect 8), for real under Wine.
// Listing a directory needs DIRECTORY_QUERY and nothing else; asking for DIRECTORY_TRAVERSE too
// makes a directory whose DACL grants query but not traverse look denied. Wine's wineserver
// checks an open against the object's DACL as Windows does (NtOpenDirectoryObject refuses
// QUERY|TRAVERSE and grants QUERY alone on such a directory: the helper's probe below shows it
// in the same prefix), so the difference is observable here and no fake is needed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListedObject } from '@objscope/core';
import { startObjHelper, type ObjHelper } from '../../../../tools/testing/objhelper';
import { objscopeJson, prepareWine } from './support/wine';

const DIRECTORY_QUERY = 0x1;
const DIRECTORY_TRAVERSE = 0x2;
const hex = (n: number) => n.toString(16);

describe('a directory whose DACL grants DIRECTORY_QUERY but not DIRECTORY_TRAVERSE (Wine, real DACL)', () => {
  let helper: ObjHelper;
  let dir: string;
  const probe = (access: number) => helper.command(`probe Directory ${JSON.stringify(dir)} ${hex(access)}`);

  beforeAll(async () => {
    await prepareWine();
    helper = await startObjHelper({ label: 'dirquery', big: 1 });
    dir = `${helper.root}\\query-only`;
    for (const r of [
      await helper.create('Directory', dir),
      await helper.create('Event', `${dir}\\inside`),
      await helper.create('Mutant', `${dir}\\also inside`),
      // One ACE: Everyone may query the directory, and nothing else.
      await helper.command(`dacl ${JSON.stringify(dir)} ${hex(DIRECTORY_QUERY)}`),
    ]) {
      if (r !== 'ok') throw new Error(`objhelper: ${r}`);
    }
  });
  afterAll(async () => {
    await helper?.stop();
  });

  it('is enforced by Wine: an open asking for traverse too is denied, query alone is granted', async () => {
    expect(await probe(DIRECTORY_QUERY | DIRECTORY_TRAVERSE)).toBe('ok 0xC0000022');
    expect(await probe(DIRECTORY_QUERY)).toBe('ok 0x00000000');
  });

  it('objscope ls lists it: the open asks for DIRECTORY_QUERY only', async () => {
    const listed = await objscopeJson<ListedObject[]>(['ls', dir, '--json']);
    expect(listed.map((e) => [e.name, e.type, e.error]).sort()).toEqual([
      ['also inside', 'Mutant', null],
      ['inside', 'Event', null],
    ]);
  });

  it('a recursive walk from its parent goes into it instead of marking it denied', async () => {
    const listed = await objscopeJson<ListedObject[]>(['ls', helper.root, '--recursive', '--json']);
    const self = listed.find((e) => e.path === dir);
    expect(self).toMatchObject({ type: 'Directory', error: null });
    expect(listed.filter((e) => e.path.startsWith(`${dir}\\`)).map((e) => e.name).sort()).toEqual(['also inside', 'inside']);
  });
});
