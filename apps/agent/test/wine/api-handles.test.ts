// handles.holders and handles.process over real HTTP from the agent under Wine, with real holders
// (tools/native/holdhelper.c). A holder scan is thousands of synchronous ntdll calls; the agent
// runs it in its long-lived holders worker, so the request thread keeps answering meanwhile.
//
// The overlap is proven by a signal, not by clocks: the agent runs with the test hook
// OBJSCOPE_TEST_HOLDERS_PAUSE=DIR, so the scan, once it has read the handle table, writes
// DIR/table-read and waits for DIR/continue. While it waits (it cannot finish before the test
// writes that file), source.info and namespace.list must be answered. An agent that scanned on
// its event loop would answer nothing until the scan ended, and the test would time out.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DirEntry, HoldersReport, NtResult, ProcessHandlesReport, SourceInfo } from '@objscope/core';
import { baseNtName, parentNtPath } from '@objscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWineAgent, type WineAgent } from '../api/wine-agent';
import { startHoldHelper, type HeldObject, type HoldHelper } from '../../../../tools/testing/holdhelper';
import { harness, prepareWine } from './support/wine';
import { waitFor } from '../../../../tools/testing/zombiehelper';

let helper: HoldHelper;
let agent: WineAgent;
let pauseDir: string;

/** The manifest's holders of an object among the helper's own processes (the locked child is unexaminable). */
function expected(object: HeldObject) {
  const locked = helper.childPid('locked');
  return helper.manifest.handles
    .filter((h) => h.object === object && h.pid !== locked)
    .map((h) => ({ pid: h.pid, handle: h.handle, access: h.access }))
    .sort((a, b) => a.pid - b.pid || a.handle - b.handle);
}

function family(r: HoldersReport) {
  const ours = new Set([helper.manifest.pid, ...helper.manifest.children.map((c) => c.pid)]);
  return r.holders.filter((h) => ours.has(h.pid)).map((h) => ({ pid: h.pid, handle: h.handle, access: h.access }));
}

function value<T>(r: NtResult<T> | null): T {
  if (!r) throw new Error('the live source said it has no handle data');
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

beforeAll(async () => {
  await prepareWine();
  helper = await startHoldHelper();
  pauseDir = mkdtempSync(join(tmpdir(), 'objscope-holders-pause-'));
  agent = await startWineAgent({ env: { OBJSCOPE_TEST_HOLDERS_PAUSE: harness.toWindowsPath(pauseDir) } });
}, 180_000);

afterAll(async () => {
  writeFileSync(join(pauseDir, 'continue'), '1');
  await agent?.stop();
  await helper?.stop();
  rmSync(pauseDir, { recursive: true, force: true });
});

describe('holder scans in the agent under Wine', () => {
  it('answers source.info and namespace.list while a holder scan is running, then the scan’s exact holders', async () => {
    const mutex = helper.manifest.objects.mutex;
    let settled = false;
    const scan = agent.query<NtResult<HoldersReport> | null>('handles.holders', { path: mutex }).finally(() => {
      settled = true;
    });
    // The scan has read the handle table and now waits for DIR/continue, inside the worker.
    await waitFor('the holder scan to read the handle table', () => existsSync(join(pauseDir, 'table-read')), 60_000);
    const info = await agent.query<SourceInfo>('source.info', undefined);
    const list = await agent.query<{ entries: DirEntry[] } | NtResult<unknown>>('namespace.list', { path: parentNtPath(mutex) });
    const answeredWhileScanning = !settled;
    writeFileSync(join(pauseDir, 'continue'), '1');
    const r = value(await scan);
    expect(answeredWhileScanning).toBe(true);
    expect(info.kind).toBe('wine');
    expect(JSON.stringify(list)).toContain(baseNtName(mutex));
    expect(r.type).toBe('Mutant');
    expect(family(r)).toEqual(expected('mutex'));
  });

  it('keeps the scanner’s cache in the worker: the next lookup reuses the duplicates the first made', async () => {
    // Within the cache's lifetime (CACHE_MS, 15 s) of the scan above, over a new HTTP request.
    const again = value(await agent.query<NtResult<HoldersReport> | null>('handles.holders', { path: helper.manifest.objects.mutex }));
    expect(family(again)).toEqual(expected('mutex'));
    expect(again.reused).toBeGreaterThan(0);
  });

  it('lists what the suspended child holds through handles.process, from the same worker', async () => {
    const pid = helper.childPid('suspended');
    const r = value(await agent.query<NtResult<ProcessHandlesReport> | null>('handles.process', { pid }));
    expect(r.pid).toBe(pid);
    const names = new Map(Object.entries(helper.manifest.objects).map(([k, v]) => [v, k]));
    const held = r.handles.ok ? r.handles.value.filter((h) => names.has(h.name)).map((h) => ({ handle: h.handle, object: names.get(h.name) })) : null;
    expect(held).toEqual(
      helper.manifest.handles
        .filter((h) => h.pid === pid)
        .map((h) => ({ handle: h.handle, object: h.object }))
        .sort((a, b) => a.handle - b.handle),
    );
  });
});
