// Paths in a snapshot resolve the way the object manager resolves them for every Win32 open,
// with OBJ_CASE_INSENSITIVE: `\kernelobjects` finds `\KernelObjects`, and what is shown is the
// stored casing. The upcase rule is RtlUpcaseUnicodeChar's (one UTF-16 unit to one unit, no
// locale): Microsoft docs for RtlUpcaseUnicodeChar; Wine dlls/ntdll/rtlstr.c.
import { describe, expect, it } from 'vitest';
import { type Snapshot, SnapshotSource, ntNamesEqualIgnoringCase, quoteNtPath, upcaseNtName, withArticle } from '../src/index';
import { synthesizeSnapshot } from '../testing/index';

const snap = synthesizeSnapshot({ objects: 500, seed: 5 });

function withNames(names: [string, string][]): Snapshot {
  const s = structuredClone(snap);
  s.root.children!.push({ name: 'Cased', type: 'Directory', target: null, error: null, children: names.map(([name, type]) => ({ name, type, target: null, error: null })) });
  return s;
}

describe('upcaseNtName (RtlUpcaseUnicodeChar, unit by unit)', () => {
  it('upcases ASCII and Latin-1/Greek/Cyrillic letters one unit at a time', () => {
    expect(upcaseNtName('kernelobjects')).toBe('KERNELOBJECTS');
    expect(upcaseNtName('äöü-éß')).toBe('ÄÖÜ-Éß');
    expect(upcaseNtName('σπίτι')).toBe('ΣΠΊΤΙ');
    expect(upcaseNtName('объект')).toBe('ОБЪЕКТ');
  });

  it('never expands a unit (ß stays ß, ŉ stays ŉ), so lengths never change', () => {
    for (const s of ['ß', 'ŉ', 'ﬀ', 'ΐ']) {
      expect(upcaseNtName(s)).toBe(s);
      expect('x'.repeat(1) + upcaseNtName(s)).toHaveLength(1 + s.length);
    }
  });

  it('does not depend on a locale: i upcases to I, never to a dotted İ', () => {
    expect(upcaseNtName('i')).toBe('I');
    expect(upcaseNtName('İ')).toBe('İ');
  });

  it('leaves surrogates (emoji) and NUL untouched', () => {
    expect(upcaseNtName('a\u0000😀\uD800')).toBe('A\u0000😀\uD800');
  });

  it('compares names the same way', () => {
    expect(ntNamesEqualIgnoringCase('LowMemoryCondition', 'lowmemorycondition')).toBe(true);
    expect(ntNamesEqualIgnoringCase('straße', 'STRASSE')).toBe(false);
  });
});

describe('SnapshotSource lookups are case-insensitive and show the stored casing', () => {
  const src = new SnapshotSource(snap);

  it('lists \\kernelobjects as \\KernelObjects', async () => {
    const a = await src.list('\\kernelobjects');
    const b = await src.list('\\KernelObjects');
    expect(a.ok && a.value).toEqual(b.ok && b.value);
    expect(a.ok && a.value.length).toBeGreaterThan(5);
  });

  it('gives details under the stored path and name', async () => {
    const r = await src.details('\\KERNELOBJECTS\\lowmemorycondition');
    if (!r.ok) throw new Error(r.message);
    expect(r.value.path).toBe('\\KernelObjects\\LowMemoryCondition');
    expect(r.value.name).toBe('LowMemoryCondition');
  });

  it('searches under a directory given in another casing', async () => {
    const r = await src.search({ text: 'Memory', mode: 'substring', under: '\\kernelOBJECTS', limit: 50 });
    expect(r.error).toBeUndefined();
    expect(r.total).toBeGreaterThan(0);
  });

  it('prefers an exact match where two names differ only in case', async () => {
    const s = new SnapshotSource(withNames([['Foo', 'Event'], ['FOO', 'Mutant']]));
    const exact = await s.details('\\Cased\\FOO');
    expect(exact.ok && exact.value.type).toBe('Mutant');
    const folded = await s.details('\\Cased\\foo');
    expect(folded.ok && folded.value.type).toBe('Event');
  });

  it('still says "does not exist" for a name that matches nothing in any casing', async () => {
    const r = await src.details('\\kernelobjects\\NoSuch');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('\\KernelObjects\\NoSuch does not exist in this snapshot');
  });

  it('resolves \\?? through \\GLOBAL?? in a Windows snapshot, as the object manager does', async () => {
    const r = await src.details('\\??\\c:');
    if (!r.ok) throw new Error(r.message);
    expect(r.value.type).toBe('SymbolicLink');
    expect(r.value.link!.target).toBe('\\Device\\HarddiskVolume3');
  });
});

describe('messages', () => {
  it('use "an" before a vowel: "is an Event", "is a Mutant"', async () => {
    expect(withArticle('Event')).toBe('an Event');
    expect(withArticle('Mutant')).toBe('a Mutant');
    const r = await new SnapshotSource(snap).list('\\KernelObjects\\SystemErrorPortReady');
    expect(!r.ok && r.message).toContain('\\KernelObjects\\SystemErrorPortReady is an Event, not a directory');
  });

  it('quote a path without doubling its backslashes, control characters made visible', () => {
    expect(quoteNtPath('\\NoSuch')).toBe('"\\NoSuch"');
    expect(quoteNtPath('\\a\u0000b\u0007')).toBe('"\\a\\0b\\x07"');
  });

  it('name the root \\ (one backslash) in its details', async () => {
    const r = await new SnapshotSource(snap).details('\\');
    expect(r.ok && r.value.name).toBe('\\');
    expect(r.ok && r.value.path).toBe('\\');
  });
});
