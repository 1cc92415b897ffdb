// The pure half of the holder search on hand-built handle tables (SYSTEM_HANDLE_INFORMATION_EX
// laid out by buildHandleTable, parsed back by parseHandleTable), and handle access decoded per
// type with the same table as the ACE decoder. Rights values from winnt.h / ntpsapi.h.
import { describe, expect, it } from 'vitest';
import { parseHandleTable } from '../src/parsers/handles';
import { buildHandleTable } from './buffers';
import type { HandleEntry } from '../src/parsers/handles';
import { candidatesOfType, decodeAccess, entriesOfType, entryAt, findEntry, findRawEntry, HandleCache, holdersByAddress, sortHolders, toHolder } from '../src/parsers/holders';
import { accessRightNames } from '../src/parsers/security';

const MUTANT = 17;
const EVENT = 16;
const SELF = 500;

function entry(over: Partial<HandleEntry>): HandleEntry {
  return { object: 0n, pid: 4, handle: 4, grantedAccess: 0x1f0001, typeIndex: MUTANT, attributes: 0, ...over };
}

function table(entries: HandleEntry[]): HandleEntry[] {
  const r = parseHandleTable(buildHandleTable(entries));
  if (!r.ok) throw new Error(r.message);
  return r.value.entries;
}

const A = 0xffffa00011112220n;
const B = 0xffffa00033334440n;

describe('holdersByAddress (addresses visible: Windows, elevated, SeDebugPrivilege enabled)', () => {
  const entries = table([
    entry({ object: A, pid: SELF, handle: 0x10 }), // objscope's own handle: never a holder
    entry({ object: A, pid: 800, handle: 0x2c, grantedAccess: 0x100000, attributes: 2 }),
    entry({ object: B, pid: 800, handle: 0x30 }),
    entry({ object: A, pid: 1200, handle: 0x44 }),
    entry({ object: A, pid: 1200, handle: 0x48, typeIndex: MUTANT }),
    entry({ object: B, pid: 96, handle: 0x8 }),
  ]);

  it('returns every handle with the object’s address except objscope’s own, in table order', () => {
    expect(holdersByAddress(entries, A, SELF).map((e) => [e.pid, e.handle])).toEqual([
      [800, 0x2c],
      [1200, 0x44],
      [1200, 0x48],
    ]);
  });

  it('finds objscope’s own entry, which gives the address and the table’s type index', () => {
    expect(findEntry(entries, SELF, 0x10)).toMatchObject({ object: A, typeIndex: MUTANT });
    expect(findEntry(entries, SELF, 0x14)).toBeNull();
  });

  it('refuses a hidden (zero) address, which would match every entry', () => {
    expect(() => holdersByAddress(entries, 0n, SELF)).toThrow(/non-zero/);
  });

  it('turns entries into holders sorted by pid then handle, with access and attributes as the table gives them', () => {
    const holders = sortHolders(holdersByAddress(entries, A, SELF).reverse().map((e) => toHolder(e, e.pid === 800 ? 'svc.exe' : null)));
    expect(holders).toEqual([
      { pid: 800, image: 'svc.exe', handle: 0x2c, access: 0x100000, attributes: 2 },
      { pid: 1200, image: null, handle: 0x44, access: 0x1f0001, attributes: 0 },
      { pid: 1200, image: null, handle: 0x48, access: 0x1f0001, attributes: 0 },
    ]);
  });
});

describe('candidatesOfType (addresses hidden: Wine, not elevated)', () => {
  it('keeps only handles of the object’s type index outside objscope', () => {
    const entries = table([
      entry({ pid: SELF, handle: 0x10 }),
      entry({ pid: 800, handle: 0x2c }),
      entry({ pid: 800, handle: 0x30, typeIndex: EVENT }),
      entry({ pid: 1200, handle: 0x44 }),
    ]);
    expect(candidatesOfType(entries, MUTANT, SELF).map((e) => e.handle)).toEqual([0x2c, 0x44]);
    expect(candidatesOfType(entries, EVENT, SELF).map((e) => e.handle)).toEqual([0x30]);
  });
});

describe('findRawEntry (objscope’s own handle, read in place before any parse)', () => {
  it('finds the entry by pid and handle value in the raw buffer, with address and type index', () => {
    const bytes = buildHandleTable([entry({ pid: 800, handle: 0x10 }), entry({ pid: SELF, handle: 0x10, object: A, typeIndex: EVENT, grantedAccess: 0x100001, attributes: 2 })]);
    expect(findRawEntry(bytes, SELF, 0x10)).toEqual({ object: A, pid: SELF, handle: 0x10, grantedAccess: 0x100001, typeIndex: EVENT, attributes: 2 });
    expect(findRawEntry(bytes, SELF, 0x14)).toBeNull();
  });

  it('does not confuse a pid or handle whose low 32 bits match', () => {
    const bytes = buildHandleTable([entry({ pid: SELF, handle: 0x10 })]);
    new DataView(bytes.buffer).setUint32(16 + 12, 1, true); // pid high half: 2^32 + SELF
    expect(findRawEntry(bytes, SELF, 0x10)).toBeNull();
  });

  it('answers null for a buffer shorter than its header', () => {
    expect(findRawEntry(new Uint8Array(8), SELF, 4)).toBeNull();
  });
});

describe('HandleCache (what a scan learned, per handle, across table snapshots)', () => {
  function cache() {
    const released: string[] = [];
    return { c: new HandleCache<string>((v) => released.push(v)), released };
  }

  it('gives back what was learned while the handle keeps its type and access', () => {
    const { c } = cache();
    c.set(entry({ pid: 8, handle: 0x40 }), 'a');
    expect(c.get(entry({ pid: 8, handle: 0x40 }))).toBe('a');
    expect(c.get(entry({ pid: 8, handle: 0x44 }))).toBeUndefined();
  });

  it('forgets (and releases) a handle value reused with another type or access', () => {
    const { c, released } = cache();
    c.set(entry({ pid: 8, handle: 0x40 }), 'a');
    c.set(entry({ pid: 8, handle: 0x44 }), 'b');
    expect(c.get(entry({ pid: 8, handle: 0x40, grantedAccess: 0x100000 }))).toBeUndefined();
    expect(c.get(entry({ pid: 8, handle: 0x44, typeIndex: EVENT }))).toBeUndefined();
    expect(released).toEqual(['a', 'b']);
    expect(c.size).toBe(0);
  });

  it('sweeps handles of the scanned types that left the table, and keeps other types', () => {
    const { c, released } = cache();
    c.set(entry({ pid: 8, handle: 0x40 }), 'gone');
    c.set(entry({ pid: 8, handle: 0x44 }), 'kept');
    c.set(entry({ pid: 12, handle: 0x40, typeIndex: EVENT }), 'other type');
    const n = c.sweep(table([entry({ pid: 8, handle: 0x44 })]), new Set([MUTANT]));
    expect(n).toBe(1);
    expect(released).toEqual(['gone']);
    expect([...c.values()].sort()).toEqual(['kept', 'other type']);
    c.sweep(table([entry({ pid: 8, handle: 0x44 })]));
    expect([...c.values()]).toEqual(['kept']);
    c.clear();
    expect(released).toEqual(['gone', 'other type', 'kept']);
  });

  it('hands back, in table order, the entries a later lookup must still visit; a changed attribute is another handle', () => {
    const { c, released } = cache();
    c.set(entry({ pid: 8, handle: 0x40 }), 'named');
    c.set(entry({ pid: 8, handle: 0x48 }), 'inherit changed');
    const rows = [entry({ pid: 8, handle: 0x40 }), entry({ pid: 8, handle: 0x44 }), entry({ pid: 8, handle: 0x48, attributes: 2 }), entry({ pid: 12, handle: 0x40 })];
    const misses: HandleEntry[] = [];
    c.sweep(table(rows), new Set([MUTANT]), misses);
    expect(misses.map((e) => [e.pid, e.handle])).toEqual([
      [8, 0x44],
      [8, 0x48],
      [12, 0x40],
    ]);
    // The fact is keyed by (pid, value, type, access, attributes): a value whose attributes
    // changed may have been closed and reused, so what was learned about it is dropped.
    expect(released).toEqual(['inherit changed']);
    expect(c.get(entry({ pid: 8, handle: 0x40, attributes: 2 }))).toBeUndefined();
  });

  it('sweepType reads the raw buffer to the same misses and releases as sweep over parsed entries, skipping objscope', () => {
    const rows = [
      entry({ pid: 8, handle: 0x40 }),
      entry({ pid: 8, handle: 0x44, typeIndex: EVENT }),
      entry({ pid: 8, handle: 0x48, attributes: 2 }),
      entry({ pid: 99, handle: 0x40 }),
      entry({ pid: 12, handle: 0x40, grantedAccess: 0x100000 }),
    ];
    const fill = () => {
      const released: string[] = [];
      const c = new HandleCache<string>((v) => released.push(v));
      c.set(entry({ pid: 8, handle: 0x40 }), 'seen');
      c.set(entry({ pid: 8, handle: 0x4c }), 'gone');
      c.set(entry({ pid: 12, handle: 0x40 }), 'access changed');
      return { c, released };
    };
    const a = fill();
    const viaParse: HandleEntry[] = [];
    a.c.sweep(
      table(rows).filter((e) => e.pid !== 99),
      new Set([MUTANT]),
      viaParse,
    );
    const b = fill();
    const offsets: number[] = [];
    const bytes = buildHandleTable(rows);
    const r = b.c.sweepType(bytes, MUTANT, new Set([99]), offsets);
    const raw = offsets.map((off) => entryAt(bytes, off));
    expect(r).toEqual({ total: 5, candidates: 3, released: 2 });
    expect(raw).toEqual(viaParse.filter((e) => e.typeIndex === MUTANT));
    expect(raw.map((e) => [e.pid, e.handle, e.attributes])).toEqual([
      [8, 0x48, 2],
      [12, 0x40, 0],
    ]);
    expect(b.released.sort()).toEqual(a.released.sort());
    expect([...b.c.values()]).toEqual(['seen']);
    // Seen again with nothing gone: nothing released (the walk over the cache is skipped).
    expect(b.c.sweepType(buildHandleTable(rows), MUTANT, new Set([99]), [])).toEqual({ total: 5, candidates: 3, released: 0 });
    expect([...b.c.values()]).toEqual(['seen']);
  });
});

describe('decodeAccess (one decoder with the ACE table)', () => {
  it('is the ACE decoder itself', () => {
    for (const [mask, type] of [[0x1f0003, 'Event'], [0x000f000f, 'Directory'], [0x80000005, null]] as const) {
      expect(decodeAccess(mask, type)).toEqual(accessRightNames(mask, type));
    }
  });

  it('names Mutant, Event, Semaphore and Section rights', () => {
    expect(decodeAccess(0x1f0001, 'Mutant')).toEqual(['MUTANT_ALL_ACCESS']);
    expect(decodeAccess(0x100001, 'Mutant')).toEqual(['QUERY_STATE', 'SYNCHRONIZE']);
    expect(decodeAccess(0x100002, 'Event')).toEqual(['MODIFY_STATE', 'SYNCHRONIZE']);
    expect(decodeAccess(0x1f0003, 'Semaphore')).toEqual(['SEMAPHORE_ALL_ACCESS']);
    expect(decodeAccess(0x0005, 'Section')).toEqual(['QUERY', 'MAP_READ']);
  });

  it('names Process and Thread rights (PROCESS_ALL_ACCESS is 0x1fffff since Vista)', () => {
    expect(decodeAccess(0x1fffff, 'Process')).toEqual(['PROCESS_ALL_ACCESS']);
    expect(decodeAccess(0x101000, 'Process')).toEqual(['QUERY_LIMITED_INFORMATION', 'SYNCHRONIZE']);
    expect(decodeAccess(0x0040, 'Process')).toEqual(['DUP_HANDLE']);
    expect(decodeAccess(0x100800, 'Thread')).toEqual(['QUERY_LIMITED_INFORMATION', 'SYNCHRONIZE']);
  });

  it('names Key, File, SymbolicLink and Directory rights', () => {
    expect(decodeAccess(0xf003f, 'Key')).toEqual(['KEY_ALL_ACCESS']);
    expect(decodeAccess(0x20019, 'Key')).toEqual(['KEY_READ']);
    expect(decodeAccess(0x00019, 'Key')).toEqual(['QUERY_VALUE', 'ENUMERATE_SUB_KEYS', 'NOTIFY']);
    expect(decodeAccess(0x1f01ff, 'File')).toEqual(['FILE_ALL_ACCESS']);
    expect(decodeAccess(0x120089, 'File')).toEqual(['FILE_GENERIC_READ']);
    expect(decodeAccess(0x0001, 'SymbolicLink')).toEqual(['QUERY']);
    expect(decodeAccess(0x0003, 'Directory')).toEqual(['QUERY', 'TRAVERSE']);
  });

  it('falls back to SPECIFIC_n for unknown types, and to hex for unnamed high bits', () => {
    expect(decodeAccess(0x0003, 'NoSuchType')).toEqual(['SPECIFIC_0', 'SPECIFIC_1']);
    expect(decodeAccess(0x04000000, 'Event')).toEqual(['0x4000000']);
  });
});

describe('entriesOfType (the filtered in-place read)', () => {
  it('gives exactly what parseHandleTable gives for that type, and the table total', () => {
    const all = [
      entry({ pid: 8, handle: 0x40, object: A }),
      entry({ pid: 8, handle: 0x44, typeIndex: EVENT }),
      entry({ pid: 0xfffffffc, handle: 0xfffffffc, object: 0xffffffffffffffffn, grantedAccess: 0xffffffff, attributes: 0xffffffff }),
      entry({ pid: 12, handle: 0x8 }),
    ];
    const bytes = buildHandleTable(all);
    const full = parseHandleTable(bytes, new Set([MUTANT]));
    expect(full.ok).toBe(true);
    expect(entriesOfType(bytes, MUTANT)).toEqual({ total: 4, entries: full.ok ? full.value.entries : null });
    expect(entriesOfType(bytes, EVENT).entries.map((e) => e.handle)).toEqual([0x44]);
  });
});
