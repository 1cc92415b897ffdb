// The zombie scan against the kernel model of the process list (test/kernel/process-walk.ts),
// for what Wine cannot show: NtGetNextProcess skipping the processes objscope cannot open, and
// handles to exited processes that grant nothing but SYNCHRONIZE. Each rule's source is cited
// in the model ([NTDOC-next], [WRK-dup], [NCL-cmp], [WRK-list], [WRK-wait]).
import { describe, expect, it } from 'vitest';
import { scanEntries } from '../src/zombies';
import { ProcessModel, TYPES } from './kernel/process-walk';

const SYNCHRONIZE = 0x100000;
const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;

function scan(k: ProcessModel) {
  return scanEntries(k.entries(), TYPES, k.api(), { snapshotTime: 1_000n, processList: k.list(), toDosPath: () => null });
}

describe('zombie scan against the kernel model: handles granting only SYNCHRONIZE', () => {
  it('names the zombie behind a SYNCHRONIZE-only handle through NtCompareObjects with the walk\'s handle, and closes everything', () => {
    const k = new ProcessModel();
    const service = k.process(100);
    const zombie = k.process(900, { exited: true });
    const handle = k.give(service, zombie, SYNCHRONIZE);
    const r = scan(k);
    // Before: written off as a duplicate failure ("access"), the zombie unattributed.
    expect(r.processes.map((p) => [p.pid, p.holders.map((h) => [h.pid, h.handle])])).toEqual([[900, [[100, handle]]]]);
    expect(r.processes[0]!.unattributed).toBe(false);
    expect(r.summary.duplicateFailureCount).toBe(0);
    expect(k.objscopeHandles()).toBe(0);
  });

  it('adds a SYNCHRONIZE-only holder to a zombie another handle already identified', () => {
    const k = new ProcessModel();
    const a = k.process(100);
    const b = k.process(200);
    const zombie = k.process(900, { exited: true });
    k.give(a, zombie, SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION);
    k.give(b, zombie, SYNCHRONIZE);
    const r = scan(k);
    expect(r.processes.map((p) => [p.pid, p.holders.map((h) => h.pid)])).toEqual([[900, [100, 200]]]);
    expect(r.summary.topHolders.map((h) => h.pid)).toEqual([100, 200]);
  });

  it('a SYNCHRONIZE-only handle to a running process is no zombie, and costs one duplicate and no compare', () => {
    const k = new ProcessModel();
    const a = k.process(100);
    k.give(a, k.process(300), SYNCHRONIZE);
    const r = scan(k);
    expect(r.processes).toEqual([]);
    expect(r.summary.duplicateFailureCount).toBe(0);
    expect(k.objscopeHandles()).toBe(0);
  });

  it('a SYNCHRONIZE-only handle to an exited process the walk cannot open stays a counted failure, never a guess', () => {
    const k = new ProcessModel();
    const a = k.process(100);
    k.give(a, k.process(900, { exited: true, openable: false }), SYNCHRONIZE);
    const r = scan(k);
    expect(r.processes).toEqual([]);
    expect(r.summary.duplicateFailures?.map((f) => [f.pid, f.step, f.error.name])).toEqual([[100, 'access', 'STATUS_ACCESS_DENIED']]);
    expect(r.summary.processesNotSeen).toBe(1);
  });
});

describe('zombie scan against the kernel model: processes the walk could not see', () => {
  it('counts every listed process NtGetNextProcess skipped (the Idle process is never on its list)', () => {
    const k = new ProcessModel();
    k.process(4, { openable: false }); // System, protected
    k.process(100);
    k.process(600, { openable: false }); // lsass as PPL
    k.process(900, { exited: true, openable: false }); // a zombie nobody here can open
    const r = scan(k);
    expect(r.summary.processesNotSeen).toBe(3);
    expect(r.summary.processesListed).toBe(4);
    expect(k.objscopeHandles()).toBe(0);
  });

  it('counts all of them when no process at all can be opened (the walk fails at its start)', () => {
    const k = new ProcessModel();
    k.process(4, { openable: false });
    k.process(8, { openable: false });
    expect(scan(k).summary.processesNotSeen).toBe(2);
  });

  it('never counts less: a process started during the walk and skipped is counted, by pid and creation time', () => {
    const k = new ProcessModel();
    k.process(100);
    k.startedLater.push({ pid: 700, createTime: 7_000n, exited: false, openable: false, handles: new Map() });
    expect(scan(k).summary.processesNotSeen).toBe(1);
  });

  it('a pid seen by the walk does not cover an earlier process that had the same pid', () => {
    const k = new ProcessModel();
    k.process(100, { createTime: 1n, openable: false });
    // The second list shows pid 100 again, a new process the walk saw: the first one is still unseen.
    k.startedLater.push({ pid: 100, createTime: 2n, exited: false, openable: true, handles: new Map() });
    expect(scan(k).summary.processesNotSeen).toBe(1);
  });
});

describe('zombie scan against the kernel model: a walk that throws', () => {
  it('closes the handles it kept to exited processes (addresses visible) before the error leaves the scan', () => {
    const k = new ProcessModel();
    const service = k.process(100);
    k.give(service, k.process(200), PROCESS_QUERY_LIMITED_INFORMATION);
    k.process(900, { exited: true });
    k.process(901, { exited: true });
    const api = k.api();
    let facts = 0;
    // A fake fault, named as such: a JavaScript error partway through the walk (after the first
    // exited process's handle was kept) cannot be produced for real.
    const throwing = {
      ...api,
      processFacts: (h: unknown, basic: Parameters<typeof api.processFacts>[1]) => {
        if (++facts === 2) throw new Error('planted: processFacts fails mid-walk');
        return api.processFacts(h, basic);
      },
    };
    // Object addresses visible (not 0): the walk keeps its handle to each exited process it finds.
    const entries = k.entries().map((e) => ({ ...e, object: 0xffff_8000_0000_1000n }));
    expect(entries.length).toBeGreaterThan(0);
    expect(() => scanEntries(entries, TYPES, throwing, { snapshotTime: 1_000n, processList: k.list(), toDosPath: () => null })).toThrow(/planted/);
    expect(k.objscopeHandles()).toBe(0);
  });
});
