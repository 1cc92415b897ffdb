// The holder search against the kernel model (test/kernel/handle-table.ts), for the Windows
// rules Wine cannot show on demand: handle values reused last-freed-first, Keys that are a new
// object on every open, the access check on an empty request, and that a lookup leaves no
// handle behind. Each rule's source is cited in the model.
import { describe, expect, it } from 'vitest';
import { HolderScanner } from '../src/holders';
import { KernelModel } from './kernel/handle-table';

const SYNCHRONIZE = 0x100000;
const EVENT_ALL = 0x1f0003;
const KEY_READ = 0x20019;

function holdersOf(scanner: HolderScanner, path: string, type: string) {
  const r = scanner.holders(path, type);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('holders against the kernel model (addresses hidden)', () => {
  it('keeps no handle: objscope holds none after a lookup or a reverse listing, found holders or not', () => {
    const k = new KernelModel().process(200, 'app.exe').process(300, 'svc.exe');
    const a = k.create('Event', '\\BaseNamedObjects\\A');
    k.insert(200, a, EVENT_ALL);
    k.insert(300, a, SYNCHRONIZE);
    k.insert(300, k.create('Event', '\\BaseNamedObjects\\B'), SYNCHRONIZE);
    const s = new HolderScanner({ api: k.api() });
    expect(holdersOf(s, '\\BaseNamedObjects\\A', 'Event').holders.map((h) => h.pid)).toEqual([200, 300]);
    expect(k.objscopeHandles()).toBe(0);
    const r = s.processHandles(300);
    expect(r.ok && r.value.handles.ok && r.value.handles.value.map((h) => h.name)).toEqual(['\\BaseNamedObjects\\A', '\\BaseNamedObjects\\B']);
    expect(k.objscopeHandles()).toBe(0);
    // [WRK-name]: with nothing of objscope's left, closing the holders' handles removes the name.
    expect(a.named).toBe(true);
  });

  it('confirms a cached name on a fresh duplicate: the second lookup reuses names, not handles', () => {
    const k = new KernelModel().process(200, 'app.exe');
    const a = k.create('Event', '\\BaseNamedObjects\\A');
    k.insert(200, a, EVENT_ALL);
    const s = new HolderScanner({ api: k.api() });
    holdersOf(s, '\\BaseNamedObjects\\A', 'Event');
    const again = holdersOf(s, '\\BaseNamedObjects\\A', 'Event');
    expect(again.holders.map((h) => h.pid)).toEqual([200]);
    expect(again.reused).toBe(1);
    expect(k.objscopeHandles()).toBe(0);
  });

  it('finds a holder whose handle value was reused last-freed-first for this object between two lookups ([WRK-reuse])', () => {
    const k = new KernelModel().process(200, 'app.exe').process(300, 'svc.exe');
    const a = k.create('Event', '\\BaseNamedObjects\\A');
    const b = k.create('Event', '\\BaseNamedObjects\\B');
    const h = k.insert(200, a, EVENT_ALL);
    k.insert(300, a, SYNCHRONIZE);
    k.insert(200, k.create('Event', '\\BaseNamedObjects\\keep'), EVENT_ALL);
    const s = new HolderScanner({ api: k.api() });
    expect(holdersOf(s, '\\BaseNamedObjects\\A', 'Event').holders.map((x) => x.pid)).toEqual([200, 300]);
    // The app closes A and opens B with the same access: the kernel hands back the same value,
    // so the table shows the very same (pid, value, type, access, attributes), and the cached
    // name ("A") is stale.
    k.closeHandle(200, h);
    expect(k.insert(200, b, EVENT_ALL)).toBe(h);
    const r = holdersOf(s, '\\BaseNamedObjects\\B', 'Event');
    expect(r.holders.map((x) => [x.pid, x.handle])).toEqual([[200, h]]);
    // And A is held by svc.exe alone now: the app's reused value is B's.
    expect(holdersOf(s, '\\BaseNamedObjects\\A', 'Event').holders.map((x) => x.pid)).toEqual([300]);
    expect(k.objscopeHandles()).toBe(0);
  });

  it('matches Keys by name: every NtOpenKey is a new object, so no compare can match them ([WRK-key])', () => {
    const k = new KernelModel().process(200, 'app.exe').process(300, 'svc.exe');
    k.create('Key', '\\REGISTRY\\MACHINE\\SOFTWARE\\Demo', KEY_READ);
    expect(k.open(200, 'Key', '\\REGISTRY\\MACHINE\\SOFTWARE\\Demo', KEY_READ).ok).toBe(true);
    k.create('Key', '\\REGISTRY\\MACHINE\\SOFTWARE\\Other', KEY_READ);
    expect(k.open(300, 'Key', '\\REGISTRY\\MACHINE\\SOFTWARE\\Other', KEY_READ).ok).toBe(true);
    const r = holdersOf(new HolderScanner({ api: k.api() }), '\\REGISTRY\\MACHINE\\SOFTWARE\\Demo', 'Key');
    expect(r.holders.map((h) => h.pid)).toEqual([200]);
    expect(r.method).toBe('name');
    expect(k.objscopeHandles()).toBe(0);
  });

  it('retries a refused query-right open with MAXIMUM_ALLOWED, not with access 0 ([WRK-access])', () => {
    const k = new KernelModel().process(200, 'app.exe');
    // The DACL grants objscope SYNCHRONIZE only: the query right is refused, and so is an empty request.
    const m = k.create('Mutant', '\\BaseNamedObjects\\Locked', SYNCHRONIZE);
    k.insert(200, m, SYNCHRONIZE);
    const r = new HolderScanner({ api: k.api() }).holders('\\BaseNamedObjects\\Locked', 'Mutant');
    expect(r.ok && r.value.holders.map((h) => h.pid)).toEqual([200]);
    expect(k.objscopeHandles()).toBe(0);
  });

  it('answers for a memory condition listed as a dynamic link with the holders of the Event it resolves to ([MM-cond])', () => {
    const k = new KernelModel().process(200, 'app.exe').process(300, 'svc.exe');
    // Index 6 of the kernel's table: a dynamic link. Index 0: a plain Event.
    const commit = k.create('Event', '\\KernelObjects\\PartitionEvent-LowCommit', SYNCHRONIZE | 1);
    k.dynamicLink('\\KernelObjects\\LowCommitCondition', commit);
    k.create('SymbolicLink', '\\KernelObjects\\LowCommitCondition', 0x000f0001);
    k.insert(200, commit, SYNCHRONIZE);
    const paged = k.create('Event', '\\KernelObjects\\LowPagedPoolCondition', SYNCHRONIZE | 1);
    k.insert(300, paged, SYNCHRONIZE);
    const s = new HolderScanner({ api: k.api() });
    const link = holdersOf(s, '\\KernelObjects\\LowCommitCondition', 'SymbolicLink');
    expect(link.type).toBe('Event');
    expect(link.holders.map((h) => h.pid)).toEqual([200]);
    expect(holdersOf(s, '\\KernelObjects\\LowPagedPoolCondition', 'Event').holders.map((h) => h.pid)).toEqual([300]);
    expect(k.objscopeHandles()).toBe(0);
  });

  it('never lists objscope’s own processes (the agent beside its scan process) as holders', () => {
    const k = new KernelModel().process(200, 'app.exe').process(900, 'objscope-agent.exe');
    const a = k.create('Event', '\\BaseNamedObjects\\A');
    k.insert(200, a, EVENT_ALL);
    k.insert(900, a, EVENT_ALL);
    const r = holdersOf(new HolderScanner({ api: k.api(), alsoSelf: [900] }), '\\BaseNamedObjects\\A', 'Event');
    expect(r.holders.map((h) => h.pid)).toEqual([200]);
    expect(r.objscopePids).toEqual([900, 1000]);
  });
});

describe('the holders’ image names', () => {
  /** The model's calls, with the whole-process-list reads counted and some processes that cannot be asked for their image. */
  function counting(k: KernelModel, unaskable: number[] = []) {
    const api = k.api();
    const seen = { lists: 0 };
    const scanner = new HolderScanner({
      api: {
        ...api,
        queryProcessList: () => {
          seen.lists += 1;
          return api.queryProcessList();
        },
        imageName: (pid) => (unaskable.includes(pid) ? null : api.imageName(pid)),
      },
    });
    return { scanner, seen };
  }

  it('are asked of the holders’ own processes: a lookup with few holder processes reads no process list', () => {
    const k = new KernelModel().process(200, 'app.exe').process(300, 'svc.exe');
    const a = k.create('Event', '\\BaseNamedObjects\\A');
    k.insert(200, a, EVENT_ALL);
    k.insert(300, a, SYNCHRONIZE);
    const { scanner, seen } = counting(k);
    expect(holdersOf(scanner, '\\BaseNamedObjects\\A', 'Event').holders.map((h) => [h.pid, h.image])).toEqual([
      [200, 'app.exe'],
      [300, 'svc.exe'],
    ]);
    expect(seen.lists).toBe(0);
    expect(k.objscopeHandles()).toBe(0);
  });

  it('come from the process list, read once, for a process that cannot be asked (System, protected processes)', () => {
    const k = new KernelModel().process(200, 'app.exe').process(300, 'svc.exe').process(400, 'other.exe');
    const a = k.create('Event', '\\BaseNamedObjects\\A');
    for (const pid of [200, 300, 400]) k.insert(pid, a, EVENT_ALL);
    const { scanner, seen } = counting(k, [300, 400]);
    expect(holdersOf(scanner, '\\BaseNamedObjects\\A', 'Event').holders.map((h) => h.image)).toEqual(['app.exe', 'svc.exe', 'other.exe']);
    expect(seen.lists).toBe(1);
  });
});
