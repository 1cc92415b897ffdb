// "Who held X" from a snapshot's holders section matches names as the object manager does under
// OBJ_CASE_INSENSITIVE: RtlUpcaseUnicodeChar, one UTF-16 unit in and one out (Windows' NLS upcase
// table; Wine dlls/ntdll/locale.c implements it as a per-unit table lookup). String#toUpperCase
// is not that rule: it expands ß to SS, so "straße" and "STRASSE" would be one object.
import { describe, expect, it } from 'vitest';
import { recordedHolders, type HoldersSection } from '../src/snapshot-holders';

const section = (names: string[]): HoldersSection => ({
  capturedAt: '2026-12-06T00:00:00.000Z',
  processes: [
    {
      pid: 800, image: 'app.exe', error: null, handlesInTable: names.length, fileHandlesSkipped: 0,
      handles: names.map((name, i) => ({ handle: 0x40 + 4 * i, type: 'Event', name, access: 0x1f0003, attributes: 0 })),
    },
  ],
});

describe('recordedHolders name matching', () => {
  it('never treats ß as SS: \\BaseNamedObjects\\straße is not \\BaseNamedObjects\\STRASSE', () => {
    const r = recordedHolders(section(['\\BaseNamedObjects\\STRASSE']), '\\BaseNamedObjects\\straße', 'Event');
    expect(r.holders).toEqual([]);
  });

  it('matches unit by unit in any case: straße is STRAßE, äöü is ÄÖÜ', () => {
    const r = recordedHolders(section(['\\BaseNamedObjects\\STRAßE', '\\BaseNamedObjects\\ÄÖÜ', '\\BaseNamedObjects\\other']), '\\basenamedobjects\\straße', 'Event');
    expect(r.holders.map((h) => h.handle)).toEqual([0x40]);
    expect(recordedHolders(section(['\\BaseNamedObjects\\ÄÖÜ']), '\\BaseNamedObjects\\äöü', 'Event').holders).toHaveLength(1);
  });
});
