// HandleOwners, the one open-and-duplicate helper of the zombie scan and the holder search,
// against the kernel model (test/kernel/handle-table.ts): a duplicate of another process's handle
// keeps its object alive (WRK ob/obref.c, ps/psdelete.c), so every duplicate must be closed
// before its answer is used, and every owner opened for a scan closed when the scan ends.
import { describe, expect, it } from 'vitest';
import { HandleOwners, withDuplicateOf, type DuplicateApi } from '../src/handles';
import { KernelModel } from './kernel/handle-table';

const EVENT_ALL = 0x1f0003;
const SYNCHRONIZE = 0x100000;
const PROCESS_DUP_HANDLE = 0x40;
const STATUS_INVALID_HANDLE = 0xc0000008;

/** The model's calls, with the OpenProcess calls it answered written down. */
function counted(k: KernelModel): { api: DuplicateApi; opens: { pid: number; access: number }[] } {
  const api = k.api();
  const opens: { pid: number; access: number }[] = [];
  return {
    opens,
    api: {
      openProcess: (pid, access) => {
        opens.push({ pid, access });
        return api.openProcess(pid, access);
      },
      duplicate: (owner, handle, access) => api.duplicate(owner, handle, access),
      close: (h) => api.close(h),
    },
  };
}

describe('HandleOwners (one open-and-duplicate helper for the zombie scan and the holder search)', () => {
  it('opens each owner once with PROCESS_DUP_HANDLE, closes every duplicate after its question, and the owners on close()', () => {
    const k = new KernelModel().process(200, 'app.exe');
    const a = k.create('Event', '\\BaseNamedObjects\\A');
    const b = k.create('Event', '\\BaseNamedObjects\\B');
    const ha = k.insert(200, a, EVENT_ALL);
    const hb = k.insert(200, b, SYNCHRONIZE);
    const { api, opens } = counted(k);
    const owners = new HandleOwners(api);
    const seen: number[] = [];
    for (const h of [ha, hb, ha]) {
      const r = owners.withDuplicate(200, h, 0, () => {
        // While the question runs: objscope holds the owner and this one duplicate.
        seen.push(k.objscopeHandles());
        return h;
      });
      expect(r).toEqual({ ok: true, status: 0, value: h });
    }
    expect(seen).toEqual([2, 2, 2]);
    expect(opens).toEqual([{ pid: 200, access: PROCESS_DUP_HANDLE }]);
    expect(a.handles).toBe(1);
    expect(k.objscopeHandles()).toBe(1);
    owners.close();
    expect(k.objscopeHandles()).toBe(0);
  });

  it('closes the duplicate when the question throws', () => {
    const k = new KernelModel().process(200, 'app.exe');
    const a = k.create('Event', '\\BaseNamedObjects\\A');
    const h = k.insert(200, a, EVENT_ALL);
    const owners = new HandleOwners(k.api());
    expect(() =>
      owners.withDuplicate(200, h, 0, () => {
        throw new Error('query failed');
      }),
    ).toThrow('query failed');
    expect(a.handles).toBe(1);
    owners.close();
    expect(k.objscopeHandles()).toBe(0);
  });

  it('says which step failed, with its NTSTATUS, and reports a refused owner once however often it is asked', () => {
    const k = new KernelModel().process(200, 'app.exe');
    const refused: [number, number][] = [];
    const { api, opens } = counted(k);
    const owners = new HandleOwners(api, { onRefused: (pid, status) => refused.push([pid, status]) });
    const gone = owners.withDuplicate(404, 4, 0, () => true);
    expect(gone).toMatchObject({ ok: false, step: 'OpenProcess', status: STATUS_INVALID_HANDLE, name: 'STATUS_INVALID_HANDLE' });
    expect(owners.withDuplicate(404, 8, 0, () => true)).toMatchObject({ ok: false, step: 'OpenProcess' });
    expect(refused).toEqual([[404, STATUS_INVALID_HANDLE]]);
    expect(opens.filter((o) => o.pid === 404)).toHaveLength(1);
    // A handle closed since the table was read: the owner opens, the duplicate does not.
    expect(owners.withDuplicate(200, 0x7c, 0, () => true)).toMatchObject({ ok: false, step: 'DuplicateHandle', status: STATUS_INVALID_HANDLE });
    owners.close();
    expect(k.objscopeHandles()).toBe(0);
  });

  it('never opens nor closes objscope’s own process: its pseudo-handle is used as it is', () => {
    const k = new KernelModel();
    const a = k.create('Event', '\\BaseNamedObjects\\Mine');
    const mine = k.insert(k.objscope, a, EVENT_ALL);
    const { api, opens } = counted(k);
    const owners = new HandleOwners(api, { self: { pid: k.objscope, handle: -1 } });
    expect(owners.owner(k.objscope)).toEqual({ ok: true, status: 0, value: -1 });
    owners.close();
    expect(opens).toEqual([]);
    expect(k.objscopeHandles()).toBe(1);
    expect(k.closeHandle(k.objscope, mine)).toBe(true);
  });

  it('withDuplicateOf (the naive baselines): owner and duplicate both closed after one handle', () => {
    const k = new KernelModel().process(200, 'app.exe');
    const a = k.create('Event', '\\BaseNamedObjects\\A');
    const h = k.insert(200, a, EVENT_ALL);
    const during: number[] = [];
    const r = withDuplicateOf(k.api(), 200, h, 0, () => during.push(k.objscopeHandles()));
    expect(r.ok).toBe(true);
    expect(during).toEqual([2]);
    expect(k.objscopeHandles()).toBe(0);
    expect(a.handles).toBe(1);
  });
});
