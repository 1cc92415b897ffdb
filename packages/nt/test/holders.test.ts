// The pure half of the holder search on hand-built handle tables (SYSTEM_HANDLE_INFORMATION_EX
// laid out by buildHandleTable, parsed back by parseHandleTable), and handle access decoded per
// type with the same table as the ACE decoder. Rights values from winnt.h / ntpsapi.h.
import { describe, expect, it } from 'vitest';
import { buildHandleTable, parseHandleTable } from '../src/parsers/handles';
import type { HandleEntry } from '../src/parsers/handles';
import { candidatesOfType, decodeAccess, findEntry, handleKey, holdersByAddress, sortHolders, staleKeys, toHolder } from '../src/parsers/holders';
import { accessRightNames } from '../src/parsers/security';

const MUTANT = 17;
const EVENT = 16;
const SELF = 500;

function entry(over: Partial<HandleEntry>): HandleEntry {
  return { object: 0n, pid: 4, handle: 4, grantedAccess: 0x1f0001, typeIndex: MUTANT, attributes: 0, ...over };
}

function table(entries: HandleEntry[]): HandleEntry[] {
  const r = parseHandleTable(buildHandleTable(entries));
  if (!r.ok) throw new Error(r.error);
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

describe('the per-handle cache across table snapshots', () => {
  it('keys a handle by pid, value, type and access, so a reused value with other access is a new handle', () => {
    expect(handleKey(entry({ pid: 8, handle: 0x40 }))).not.toBe(handleKey(entry({ pid: 8, handle: 0x40, grantedAccess: 0x100000 })));
    expect(handleKey(entry({ pid: 8, handle: 0x40 }))).not.toBe(handleKey(entry({ pid: 8, handle: 0x40, typeIndex: EVENT })));
    expect(handleKey(entry({ pid: 8, handle: 0x40 }))).toBe(handleKey(entry({ pid: 8, handle: 0x40, object: A })));
  });

  it('names the cached handles that left the table (to close), and keeps those still in it', () => {
    const before = [entry({ pid: 8, handle: 0x40 }), entry({ pid: 8, handle: 0x44 }), entry({ pid: 12, handle: 0x40 })];
    const after = table([entry({ pid: 8, handle: 0x44 }), entry({ pid: 12, handle: 0x40, grantedAccess: 0x100000 })]);
    expect(staleKeys(before.map(handleKey), after)).toEqual([handleKey(before[0]!), handleKey(before[2]!)]);
  });
});

describe('decodeAccess (one decoder with the ACE table)', () => {
  it('is the ACE decoder itself', () => {
    for (const [mask, type] of [[0x1f0003, 'Event'], [0x000f000f, 'Directory'], [0x80000005, null]] as const) {
      expect(decodeAccess(mask, type)).toEqual(accessRightNames(mask, type));
    }
  });

  it('names Mutant, Event, Semaphore and Section rights', () => {
    expect(decodeAccess(0x1f0001, 'Mutant')).toEqual(['QUERY_STATE', 'DELETE', 'READ_CONTROL', 'WRITE_DAC', 'WRITE_OWNER', 'SYNCHRONIZE']);
    expect(decodeAccess(0x100002, 'Event')).toEqual(['MODIFY_STATE', 'SYNCHRONIZE']);
    expect(decodeAccess(0x1f0003, 'Semaphore')).toEqual(['SEMAPHORE_ALL_ACCESS', 'DELETE', 'READ_CONTROL', 'WRITE_DAC', 'WRITE_OWNER', 'SYNCHRONIZE']);
    expect(decodeAccess(0x0005, 'Section')).toEqual(['QUERY', 'MAP_READ']);
  });

  it('names Process and Thread rights (PROCESS_ALL_ACCESS is 0x1fffff since Vista)', () => {
    expect(decodeAccess(0x1fffff, 'Process')).toEqual(['PROCESS_ALL_ACCESS', 'DELETE', 'READ_CONTROL', 'WRITE_DAC', 'WRITE_OWNER', 'SYNCHRONIZE']);
    expect(decodeAccess(0x101000, 'Process')).toEqual(['QUERY_LIMITED_INFORMATION', 'SYNCHRONIZE']);
    expect(decodeAccess(0x0040, 'Process')).toEqual(['DUP_HANDLE']);
    expect(decodeAccess(0x100800, 'Thread')).toEqual(['QUERY_LIMITED_INFORMATION', 'SYNCHRONIZE']);
  });

  it('names Key, File, SymbolicLink and Directory rights', () => {
    expect(decodeAccess(0xf003f, 'Key')).toEqual(['KEY_ALL_ACCESS', 'DELETE', 'READ_CONTROL', 'WRITE_DAC', 'WRITE_OWNER']);
    expect(decodeAccess(0x20019, 'Key')).toEqual(['QUERY_VALUE', 'ENUMERATE_SUB_KEYS', 'NOTIFY', 'READ_CONTROL']);
    expect(decodeAccess(0x1f01ff, 'File')).toEqual(['FILE_ALL_ACCESS', 'DELETE', 'READ_CONTROL', 'WRITE_DAC', 'WRITE_OWNER', 'SYNCHRONIZE']);
    expect(decodeAccess(0x120089, 'File')).toEqual(['READ_DATA', 'READ_EA', 'READ_ATTRIBUTES', 'READ_CONTROL', 'SYNCHRONIZE']);
    expect(decodeAccess(0x0001, 'SymbolicLink')).toEqual(['QUERY']);
    expect(decodeAccess(0x0003, 'Directory')).toEqual(['QUERY', 'TRAVERSE']);
  });

  it('falls back to SPECIFIC_n for unknown types, and to hex for unnamed high bits', () => {
    expect(decodeAccess(0x0003, 'NoSuchType')).toEqual(['SPECIFIC_0', 'SPECIFIC_1']);
    expect(decodeAccess(0x04000000, 'Event')).toEqual(['0x4000000']);
  });
});
