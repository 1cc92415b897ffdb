// `objscope --wine snapshot -o FILE` records every object's details (format version 2), and a
// SnapshotSource over that file answers details as the live source did at capture time:
// checked against objhelper's objects and against `objscope --wine info --json` on the same
// objects. `--no-details` writes names, types and targets only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotSource, decodeSnapshot, type ObjectDetails } from '@objscope/core';
import { startObjHelper, type ObjHelper } from '../../../../tools/testing/objhelper';
import { harness, objscope, objscopeJson, prepareWine } from './support/wine';

describe('objscope snapshot under Wine records the details', () => {
  let helper: ObjHelper;
  let tmp: string;
  let source: SnapshotSource;
  const stateOf = (name: string) => helper.manifest.objects.find((o) => o.path === `${helper.root}\\${name}`)!.state;

  async function capture(file: string, extra: string[] = []): Promise<SnapshotSource> {
    const r = await objscope(['snapshot', '-o', harness.toWindowsPath(file), ...extra], { timeoutMs: 300_000 });
    if (r.code !== 0) throw new Error(`objscope snapshot exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    const d = decodeSnapshot(new Uint8Array(readFileSync(file)));
    if (!d.ok) throw new Error(d.error);
    return new SnapshotSource(d.snapshot);
  }

  async function recorded(path: string): Promise<ObjectDetails> {
    const r = await source.details(path);
    if (!r.ok) throw new Error(r.message);
    return r.value;
  }

  beforeAll(async () => {
    await prepareWine();
    helper = await startObjHelper({ label: 'snapdetail', big: 10 });
    tmp = mkdtempSync(join(tmpdir(), 'objscope-snapdetail-'));
    source = await capture(join(tmp, 'with.objscope.gz'));
  }, 400_000);
  afterAll(async () => {
    await helper?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('records the state of events, a semaphore and a mutant as objhelper made them', async () => {
    expect((await recorded(`${helper.root}\\event-signaled`)).state).toEqual({ ok: true, value: stateOf('event-signaled') });
    expect((await recorded(`${helper.root}\\event-sync`)).state).toEqual({ ok: true, value: stateOf('event-sync') });
    expect((await recorded(`${helper.root}\\semaphore`)).state).toEqual({ ok: true, value: { kind: 'semaphore', count: 2, maximum: 5 } });
    expect((await recorded(`${helper.root}\\mutant`)).state).toMatchObject({ ok: true, value: { kind: 'mutant', count: 1, abandoned: false } });
  });

  it('records the same security descriptor and basic info the live `info` reads', async () => {
    for (const name of ['nested', 'event-signaled', 'semaphore']) {
      const path = `${helper.root}\\${name}`;
      const live = await objscopeJson<ObjectDetails>(['info', path, '--json']);
      const snap = await recorded(path);
      expect(snap.security, name).toEqual(live.security);
      expect(snap.basic.ok, name).toBe(true);
      expect(snap.basic.ok && live.basic.ok && snap.basic.value.attributes, name).toBe(live.basic.ok && live.basic.value.attributes);
      expect(snap.typeInfo.ok && snap.typeInfo.value.name, name).toBe(live.type);
    }
  });

  it('records handle counts as others see them, without the handle the capture opened to ask (issue 10, defect 8)', async () => {
    // objhelper holds exactly one handle to each of these; the capture's own is not counted, as in live `info`.
    for (const name of ['nested', 'event-signaled', 'semaphore']) {
      const snap = await recorded(`${helper.root}\\${name}`);
      expect(snap.basic.ok && snap.basic.value.handleCount, name).toBe(1);
    }
  });

  it('keeps the denied object as denied or as its real descriptor, never as a blank', async () => {
    const d = await recorded(helper.manifest.denied.path);
    const live = await objscopeJson<ObjectDetails>(['info', helper.manifest.denied.path, '--json']);
    expect(d.security).toEqual(live.security);
    expect(d.basic).toEqual(expect.objectContaining({ ok: live.basic.ok }));
  });

  it('matches paths case-insensitively in the captured file, as the live namespace does', async () => {
    const upper = `${helper.root}\\EVENT-SIGNALED`;
    const d = await recorded(upper);
    expect(d.path).toBe(`${helper.root}\\event-signaled`);
    const live = await objscopeJson<ObjectDetails>(['info', upper, '--json']);
    expect(live.type).toBe(d.type);
  });

  it('--no-details writes names, types and targets only', async () => {
    const plain = await capture(join(tmp, 'without.objscope.gz'), ['--no-details']);
    expect(plain.detailsRecorded).toBe(false);
    const r = await plain.details(`${helper.root}\\event-signaled`);
    expect(r.ok && r.value.basic).toEqual({ ok: false, error: { status: 0xc00000bb, name: 'STATUS_NOT_SUPPORTED' } });
  }, 300_000);
});
