// Which access masks opening an object for its details asks for (issue 10, defect 8): after the
// query and READ_CONTROL opens are denied it falls back to MAXIMUM_ALLOWED, not to access 0.
// Under Wine the difference cannot be seen (wineserver grants an empty mask, and the owner's
// implicit READ_CONTROL opens everything objhelper creates before the fallback is reached), so
// this is a unit test at the binding boundary: a fake NtOpen<Type> that records each mask and
// answers as Windows' access check does.
//
// [WRK-ac]  Windows Research Kernel base/ntos/se/accessck.c, SeAccessCheck: DesiredAccess 0
//           with nothing previously granted is STATUS_ACCESS_DENIED; the owner is granted
//           READ_CONTROL and WRITE_DAC without a DACL entry when it asks for them or for
//           MAXIMUM_ALLOWED. SepAccessCheck: MAXIMUM_ALLOWED grants what the DACL allows, and is
//           STATUS_ACCESS_DENIED when that is nothing (ReturnOneStatus).
// [WRK-ob]  base/ntos/ob/obse.c, ObCheckObjectAccess: an object without a security descriptor
//           skips the check (any mask opens it).
import { describe, expect, it } from 'vitest';
import { openForDetails, type DetailsOpenBinding } from '../src/object';

const READ_CONTROL = 0x20000;
const WRITE_DAC = 0x40000;
const SYNCHRONIZE = 0x100000;
const MAXIMUM_ALLOWED = 0x2000000;
const EVENT_QUERY_STATE = 0x1;
const STATUS_ACCESS_DENIED = 0xc0000022;

interface FakeObject {
  /** What the DACL allows us; null: no security descriptor at all. */
  dacl: number | null;
  owner?: boolean;
}

/** NtOpen<Type> and the granted mask, answering as [WRK-ac] and [WRK-ob] say. */
function fakeBinding(obj: FakeObject) {
  const asked: number[] = [];
  const granted = new Map<bigint, number>();
  let next = 0x40n;
  const binding: DetailsOpenBinding = {
    open: (_fn, _path, access) => {
      asked.push(access);
      const deny = { ok: false as const, status: STATUS_ACCESS_DENIED, name: 'STATUS_ACCESS_DENIED', message: 'denied' };
      let got: number;
      if (obj.dacl === null) {
        got = access;
      } else {
        const implicit = obj.owner ? (access & MAXIMUM_ALLOWED ? READ_CONTROL | WRITE_DAC : access & (READ_CONTROL | WRITE_DAC)) : 0;
        const wanted = access & ~MAXIMUM_ALLOWED & ~implicit;
        if (access === 0) return deny;
        if (access & MAXIMUM_ALLOWED) {
          got = obj.dacl | implicit;
          if ((wanted & ~obj.dacl) !== 0 || got === 0) return deny;
        } else {
          if ((wanted & ~obj.dacl) !== 0) return deny;
          got = access;
        }
      }
      const h = next++;
      granted.set(h, got);
      return { ok: true as const, status: 0, value: h };
    },
    grantedAccess: (h) => granted.get(h as bigint) ?? null,
  };
  return { binding, asked };
}

describe('opening an object for its details (binding boundary, a fake NtOpenEvent)', () => {
  it('the fake follows SeAccessCheck: access 0 is refused, MAXIMUM_ALLOWED gives what the DACL allows', () => {
    const { binding } = fakeBinding({ dacl: SYNCHRONIZE });
    expect(binding.open('NtOpenEvent', 'x', 0)).toMatchObject({ ok: false, status: STATUS_ACCESS_DENIED });
    const max = binding.open('NtOpenEvent', 'x', MAXIMUM_ALLOWED);
    expect(max.ok && binding.grantedAccess(max.value)).toBe(SYNCHRONIZE);
    expect(fakeBinding({ dacl: 0 }).binding.open('NtOpenEvent', 'x', MAXIMUM_ALLOWED)).toMatchObject({ ok: false });
  });

  it('asks for query + READ_CONTROL first and stops there when granted', () => {
    const { binding, asked } = fakeBinding({ dacl: EVENT_QUERY_STATE | READ_CONTROL });
    expect(openForDetails('\\BaseNamedObjects\\e', 'Event', binding)).toMatchObject({ query: true, readControl: true });
    expect(asked).toEqual([EVENT_QUERY_STATE | READ_CONTROL]);
  });

  it('a DACL granting only SYNCHRONIZE: falls back to MAXIMUM_ALLOWED, never to access 0, and gets a handle', () => {
    const { binding, asked } = fakeBinding({ dacl: SYNCHRONIZE });
    const r = openForDetails('\\BaseNamedObjects\\e', 'Event', binding);
    expect(asked).toEqual([EVENT_QUERY_STATE | READ_CONTROL, EVENT_QUERY_STATE, READ_CONTROL, MAXIMUM_ALLOWED]);
    expect(r).toMatchObject({ query: false, readControl: false });
    expect('handle' in r).toBe(true);
  });

  it('the owner, whose DACL entry grants no query right, still reads the security descriptor (implicit READ_CONTROL)', () => {
    const { binding, asked } = fakeBinding({ dacl: SYNCHRONIZE, owner: true });
    const r = openForDetails('\\BaseNamedObjects\\e', 'Event', binding);
    expect(asked).toEqual([EVENT_QUERY_STATE | READ_CONTROL, EVENT_QUERY_STATE, READ_CONTROL]);
    expect(r).toMatchObject({ query: false, readControl: true });
  });

  it('a DACL granting nothing: every attempt is refused and the first status is the answer', () => {
    const { binding, asked } = fakeBinding({ dacl: 0 });
    const r = openForDetails('\\BaseNamedObjects\\e', 'Event', binding);
    expect(r).toMatchObject({ error: { ok: false, status: STATUS_ACCESS_DENIED } });
    expect(asked.slice(0, 4)).toEqual([EVENT_QUERY_STATE | READ_CONTROL, EVENT_QUERY_STATE, READ_CONTROL, MAXIMUM_ALLOWED]);
  });

  it('an unknown type is refused without opening anything', () => {
    const { binding, asked } = fakeBinding({ dacl: null });
    expect(openForDetails('\\Device\\Null', 'Device', binding)).toMatchObject({ error: { ok: false } });
    expect(asked).toEqual([]);
  });
});
