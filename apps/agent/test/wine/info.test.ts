// `objscope --wine info PATH --json`: everything the NT layer knows about one object
// (ObjectDetails in packages/core/src/model.ts), checked against objects objhelper created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectDetails } from '@objscope/core';
import { startObjHelper, type ObjHelper } from '../../../../tools/testing/objhelper';
import { objscope, objscopeJson, prepareWine } from './support/wine';

describe('objscope info --json under Wine', () => {
  let helper: ObjHelper;
  const info = (path: string) => objscopeJson<ObjectDetails>(['info', path, '--json']);
  const stateOf = (name: string) => helper.manifest.objects.find((o) => o.path === `${helper.root}\\${name}`)!.state;

  beforeAll(async () => {
    await prepareWine();
    helper = await startObjHelper({ label: 'info', big: 10 });
  });
  afterAll(async () => {
    await helper?.stop();
  });

  it('follows a link to its object: target, one hop, final path, no loop', async () => {
    const d = await info(helper.manifest.links.toObject);
    const event = `${helper.root}\\event-signaled`;
    expect(d.type).toBe('SymbolicLink');
    expect(d.path).toBe(helper.manifest.links.toObject);
    expect(d.link?.target).toBe(event);
    expect(d.link?.dynamic).toBe(false);
    expect(d.link?.chain.final).toBe(event);
    expect(d.link?.chain.loop).toBe(false);
    expect(d.link?.chain.dangling).toBe(false);
    expect(d.link?.chain.hops.map((h) => h.path)).toContain(helper.manifest.links.toObject);
  });

  it('follows a chain of two links to the final object', async () => {
    const d = await info(helper.manifest.links.chain);
    expect(d.link?.target).toBe(helper.manifest.links.toObject);
    expect(d.link?.chain.final).toBe(`${helper.root}\\event-signaled`);
    const linkHops = d.link!.chain.hops.filter((h) => h.target !== null);
    expect(linkHops.map((h) => h.path)).toEqual([helper.manifest.links.chain, helper.manifest.links.toObject]);
  });

  it('detects a two-link loop instead of following it forever', async () => {
    const d = await info(helper.manifest.links.loopA);
    expect(d.link?.target).toBe(helper.manifest.links.loopB);
    expect(d.link?.chain.loop).toBe(true);
    expect(d.link?.chain.final).toBeNull();
    expect(d.link?.chain.truncated).toBe(false);
  });

  it('reports a dangling link as dangling, with the missing target', async () => {
    const d = await info(helper.manifest.links.dangling);
    expect(d.link?.target).toBe(`${helper.root}\\does-not-exist`);
    expect(d.link?.chain.dangling).toBe(true);
    expect(d.link?.chain.final).toBeNull();
    expect(d.link?.chain.loop).toBe(false);
  });

  it('reads a signaled notification event and an unsignaled synchronization event', async () => {
    const signaled = await info(`${helper.root}\\event-signaled`);
    expect(signaled.type).toBe('Event');
    expect(signaled.link).toBeNull();
    expect(signaled.state).toEqual({ ok: true, value: stateOf('event-signaled') });
    const sync = await info(`${helper.root}\\event-sync`);
    expect(sync.state).toEqual({ ok: true, value: stateOf('event-sync') });
  });

  it('sees an event change state between two runs', async () => {
    const path = `${helper.root}\\event-signaled`;
    expect(await helper.resetEvent(path)).toBe('ok');
    const d = await info(path);
    expect(d.state?.ok && d.state.value).toMatchObject({ kind: 'event', signaled: false });
    expect(await helper.setEvent(path)).toBe('ok');
  });

  it('reads semaphore and mutant state', async () => {
    const sem = await info(`${helper.root}\\semaphore`);
    expect(sem.state).toEqual({ ok: true, value: { kind: 'semaphore', count: 2, maximum: 5 } });
    const mut = await info(`${helper.root}\\mutant`);
    expect(mut.state?.ok && mut.state.value).toMatchObject({ kind: 'mutant', count: 1, abandoned: false });
  });

  it('describes a directory: type, basic info with the helper\'s handle counted and objscope\'s own not, no link, no state', async () => {
    const d = await info(`${helper.root}\\nested`);
    expect(d.type).toBe('Directory');
    expect(d.name).toBe('nested');
    expect(d.link).toBeNull();
    expect(d.state).toBeNull();
    expect(d.basic.ok).toBe(true);
    const basic = d.basic.ok ? d.basic.value : null;
    // The helper holds exactly one handle; the one objscope opened to ask is subtracted.
    expect(basic?.handleCount).toBe(1);
    // Wine reports CreationTime 0, which the model turns into null.
    expect(basic).toHaveProperty('creationTime', null);
    expect(d.typeInfo.ok && d.typeInfo.value.name).toBe('Directory');
  });

  it('takes hostile names on the command line intact (emoji, HTML, "/", __proto__)', async () => {
    const path = `${helper.root}\\<dir a/b> \u{1F600}\\__proto__`;
    const d = await info(path);
    expect(d.path).toBe(path);
    expect(d.name).toBe('__proto__');
    expect(d.type).toBe('Event');
  });

  it('exits 2 with one line on stderr for an object that does not exist', async () => {
    const r = await objscope(['info', `${helper.root}\\no such object`, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/STATUS_OBJECT_NAME_NOT_FOUND/);
  });
});
