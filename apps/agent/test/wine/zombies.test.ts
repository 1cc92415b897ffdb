// Zombie processes and threads under Wine, for real: the native zombiehelper starts children
// that exit with known codes and threads that return known codes, keeps every handle, and the
// built CLI (apps/agent/dist/objscope.mjs, run by Windows Node in the same prefix) must report
// exactly those zombies, held by exactly those handles. A second helper locks its own process
// DACL so nobody may open it with PROCESS_DUP_HANDLE: the unopenable holder, produced for real.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZombieProcess, ZombieReport, ZombieThread } from '@objscope/core';
import { ROOT } from '../../../../tools/wine/harness.mjs';
import { windows } from '../../../../tools/testing/windows';

const { nativeExe, runNode, toWindowsPath } = windows;
const setup = () => windows.setup();
import { startZombieHelper, type ZombieHelper, type ZombieManifest as Manifest } from '../../../../tools/testing/zombiehelper';

const BUNDLE = join(ROOT, 'apps', 'agent', 'dist', 'objscope.mjs');
const PROCESSES = 6;
const THREADS = 4;
const LOCKED_PROCESSES = 2;
const LOCKED_THREADS = 1;

async function scan(): Promise<ZombieReport> {
  const r = await runNode([toWindowsPath(BUNDLE), 'zombies', '--json'], { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`objscope zombies --json exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as ZombieReport;
}

const heldBy = (pid: number) => (z: { holders: { pid: number }[] }) => z.holders.some((h) => h.pid === pid);
const byPid = (a: { pid: number }, b: { pid: number }) => a.pid - b.pid;

function expectedProcesses(m: Manifest, from = 0) {
  return m.processes
    .slice(from)
    .map((c) => ({
      pid: c.pid,
      exitCode: c.exitCode,
      // Child 0 is held twice (--second-handle): both handles must be listed under one zombie.
      holders: [c.processHandle, ...(c.extraHandle ? [c.extraHandle] : [])].sort((a, b) => a - b).map((handle) => ({ pid: m.pid, handle })),
    }))
    .sort(byPid);
}

function expectedThreads(m: Manifest, procFrom = 0, threadFrom = 0) {
  return [
    ...m.processes.slice(procFrom).map((c) => ({ tid: c.tid, pid: c.pid, exitCode: c.exitCode, holders: [{ pid: m.pid, handle: c.threadHandle }] })),
    ...m.threads.slice(threadFrom).map((t) => ({ tid: t.tid, pid: m.pid, exitCode: t.exitCode, holders: [{ pid: m.pid, handle: t.handle }] })),
  ].sort((a, b) => a.tid - b.tid);
}

const pickP = (p: ZombieProcess) => ({ pid: p.pid, exitCode: p.exitCode, holders: p.holders.map((h) => ({ pid: h.pid, handle: h.handle })) });
const pickT = (t: ZombieThread) => ({ tid: t.tid, pid: t.pid, exitCode: t.exitCode, holders: t.holders.map((h) => ({ pid: h.pid, handle: h.handle })) });

describe('objscope zombies under Wine', () => {
  let helper: ZombieHelper;
  let locked: ZombieHelper;
  let first: ZombieReport;

  beforeAll(async () => {
    await setup();
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
    // Exit codes from distinct bases, so nothing else in the prefix can be mistaken for ours.
    helper = await startZombieHelper(['--processes', String(PROCESSES), '--threads', String(THREADS), '--exit-base', '3100', '--second-handle']);
    locked = await startZombieHelper(['--processes', String(LOCKED_PROCESSES), '--threads', String(LOCKED_THREADS), '--exit-base', '3700', '--lock']);
    first = await scan();
  });

  afterAll(async () => {
    for (const h of [helper, locked]) await h?.stop();
  });

  it('reports exactly the helper’s exited children as zombie processes, with their exit codes and the holding handles', () => {
    expect(first.processes.filter(heldBy(helper.manifest.pid)).map(pickP)).toEqual(expectedProcesses(helper.manifest));
  });

  it('lists a zombie held by two handles once, with both handles', () => {
    const c = helper.manifest.processes[0]!;
    expect(c.extraHandle).toBeGreaterThan(0);
    const z = first.processes.filter((p) => p.pid === c.pid);
    expect(z).toHaveLength(1);
    expect(z[0]!.holders.map((h) => h.handle)).toEqual([c.processHandle, c.extraHandle].sort((a, b) => a - b));
  });

  it('names each zombie’s image, maps its path to a DOS path, and gives ISO 8601 times', () => {
    const exe = toWindowsPath(nativeExe('zombiehelper')).toLowerCase();
    for (const p of first.processes.filter(heldBy(helper.manifest.pid))) {
      expect(p.imageName).toBe('zombiehelper.exe');
      expect(p.imagePath?.toLowerCase()).toBe(exe);
      expect(p.createTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(p.exitTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(p.exitTime!)).toBeGreaterThanOrEqual(Date.parse(p.createTime!));
      for (const h of p.holders) expect(h.imageName).toBe('zombiehelper.exe');
      expect(p.heldByKernel).toBe(false);
    }
  });

  it('trusts the parent PID: the helper is alive and older than its children', () => {
    for (const p of first.processes.filter(heldBy(helper.manifest.pid))) {
      expect(p.parentPid).toBe(helper.manifest.pid);
      expect(p.parentExists).toBe(true);
    }
  });

  it('reports the zombie threads: the children’s main threads and the helper’s own exited threads', () => {
    expect(first.threads.filter(heldBy(helper.manifest.pid)).map(pickT)).toEqual(expectedThreads(helper.manifest));
    for (const t of first.threads.filter(heldBy(helper.manifest.pid))) expect(t.imageName).toBe('zombiehelper.exe');
  });

  it('never reports a running process or thread (every zombie has an exit time)', () => {
    // Windows Node itself holds handles to its own live worker threads; none of them may appear.
    for (const z of [...first.processes, ...first.threads]) expect(z.exitTime, JSON.stringify(z)).not.toBeNull();
    expect(first.processes.map((p) => p.pid)).not.toContain(helper.manifest.pid);
    expect(first.threads.map((t) => t.tid)).not.toContain(helper.manifest.tid);
  });

  it('reports a holder it cannot open (STATUS_ACCESS_DENIED) and still finishes the scan', () => {
    expect(first.summary.holderErrors).toContainEqual({
      pid: locked.manifest.pid,
      imageName: 'zombiehelper.exe',
      error: { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' },
    });
    // Its handles could not be examined, so its zombies are not claimed either way...
    const lockedPids = new Set(locked.manifest.processes.map((c) => c.pid));
    expect(first.processes.filter((p) => lockedPids.has(p.pid))).toEqual([]);
    // ...while everything the other helper holds was found (the first test).
    expect(first.processes.filter(heldBy(helper.manifest.pid))).toHaveLength(PROCESSES);
  });

  it('summarises: counts, PIDs held, memory estimate, top holder, and no kernel-held count on Wine', () => {
    const s = first.summary;
    expect(s.zombieProcesses).toBe(first.processes.length);
    expect(s.zombieThreads).toBe(first.threads.length);
    expect(s.pidsHeld).toBe(new Set(first.processes.map((p) => p.pid)).size);
    expect(s.estimatedBytes).toBeGreaterThanOrEqual(PROCESSES * 64 * 1024);
    expect(s.topHolders).toContainEqual({ pid: helper.manifest.pid, imageName: 'zombiehelper.exe', processes: PROCESSES, threads: PROCESSES + THREADS });
    expect(s.handlesScanned).toBeGreaterThan(PROCESSES * 2 + THREADS);
    // Wine 8's ntdll has no NtGetNextProcess: unknown, not zero.
    expect(s.heldByKernel).toBeNull();
  });

  it('prints a readable table by zombie and by holder without --json', async () => {
    const r = await runNode([toWindowsPath(BUNDLE), 'zombies'], { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`zombiehelper.exe (pid ${helper.manifest.pid}) holds ${PROCESSES} zombie processes and ${PROCESSES + THREADS} zombie threads`);
    // The PID column is right-aligned: a 3-digit PID beside a 4-digit one starts with a space.
    expect(r.stdout).toMatch(new RegExp(`^ *${helper.manifest.processes[0]!.pid}\\s+zombiehelper\\.exe\\s+${helper.manifest.processes[0]!.exitCode}\\s`, 'm'));
    expect(r.stdout).toContain(`zombiehelper.exe (pid ${locked.manifest.pid}): STATUS_ACCESS_DENIED (0xC0000022)`);
  });

  it('works through `objscope --wine zombies --json` from Linux', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'apps', 'agent', 'bin', 'objscope.mjs'), '--wine', 'zombies', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as ZombieReport;
    expect(report.processes.filter(heldBy(helper.manifest.pid)).map(pickP)).toEqual(expectedProcesses(helper.manifest));
  });

  it('after the helper closes half its handles, a rescan shows exactly the other half', async () => {
    await helper.closeHalf();
    const r = await scan();
    expect(r.processes.filter(heldBy(helper.manifest.pid)).map(pickP)).toEqual(expectedProcesses(helper.manifest, PROCESSES / 2));
    expect(r.threads.filter(heldBy(helper.manifest.pid)).map(pickT)).toEqual(expectedThreads(helper.manifest, PROCESSES / 2, THREADS / 2));
    const closed = new Set(helper.manifest.processes.slice(0, PROCESSES / 2).map((c) => c.pid));
    expect(r.processes.filter((p) => closed.has(p.pid))).toEqual([]);
  });

  it('after the helper exits, its zombies are gone', async () => {
    await helper.exit();
    const r = await scan();
    const ours = new Set(helper.manifest.processes.map((c) => c.pid));
    const ourTids = new Set([...helper.manifest.processes.map((c) => c.tid), ...helper.manifest.threads.map((t) => t.tid)]);
    expect(r.processes.filter((p) => ours.has(p.pid))).toEqual([]);
    expect(r.threads.filter((t) => ourTids.has(t.tid))).toEqual([]);
    expect(r.summary.topHolders.map((h) => h.pid)).not.toContain(helper.manifest.pid);
  });
});
