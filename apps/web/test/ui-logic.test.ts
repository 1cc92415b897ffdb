// The UI's pure logic: deep links, name display, capability wording, type sorting.
import { describe, expect, it } from 'vitest';
import type { SourceInfo, TypeStat } from '@objscope/core';
import { buildSearch, objectHref, parseLocation, propertiesHref } from '../src/lib/url';
import { displayName, displayPath, isAccessDenied, isVanished, formatBytes } from '../src/lib/format';
import { capabilityWarnings, warningSummary } from '../src/lib/capabilities';
import { sortTypes } from '../src/lib/types';
import { pagesFor } from '../src/lib/paging';
import { linkJump } from '../src/lib/links';

const HOSTILE = ['a\u0000b', '__proto__', 'a/b', '<img src=x onerror=alert(1)>', '🦀 crab', 'x'.repeat(240), 'trailing ', '&sel=evil#frag', '%41'];

describe('deep links', () => {
  it.each(HOSTILE)('keep the exact path and selection for the name %j', (name) => {
    const loc = { path: `\\Dir\\${name}`, sel: name, view: 'explorer' as const, snapshot: null, props: false };
    expect(parseLocation(buildSearch(loc))).toEqual(loc);
  });

  it('keep the view and a shared snapshot URL', () => {
    const loc = { path: '\\', sel: null, view: 'types' as const, snapshot: 'https://example.org/s.objscope.gz?x=1&y=2', props: false };
    expect(parseLocation(buildSearch(loc))).toEqual(loc);
  });

  it('keep an object\'s Properties open (their own deep link), and link rows to where they open', () => {
    const loc = { path: '\\BaseNamedObjects', sel: '__proto__', view: 'explorer' as const, snapshot: null, props: true };
    expect(parseLocation(buildSearch(loc))).toEqual(loc);
    expect(parseLocation(propertiesHref('\\Dir', 'a&b', null))).toMatchObject({ path: '\\Dir', sel: 'a&b', props: true });
    // A directory's link opens inside it; any other object's selects it in its directory.
    expect(parseLocation(objectHref('\\Dir', 'Sub', 'Directory', null))).toMatchObject({ path: '\\Dir\\Sub', sel: null, props: false });
    expect(parseLocation(objectHref('\\', 'Ev', 'Event', 's.gz'))).toMatchObject({ path: '\\', sel: 'Ev', snapshot: 's.gz' });
  });

  it('read a path typed without its leading backslash as absolute', () => {
    expect(parseLocation('?path=KernelObjects').path).toBe('\\KernelObjects');
    expect(parseLocation('?path=Sessions%5C1').path).toBe('\\Sessions\\1');
  });

  it('fall back to the root for a path that is not an NT path', () => {
    expect(parseLocation('?path=%5CA%5C%5CB').path).toBe('\\');
    expect(parseLocation('').path).toBe('\\');
  });

  it('drop a selection that could not be a single name, and an unknown view', () => {
    const l = parseLocation('?path=%5CA&sel=x%5Cy&view=evil');
    expect(l.sel).toBeNull();
    expect(l.view).toBe('explorer');
  });
});

describe('name display', () => {
  it('makes NUL and control characters visible', () => {
    expect(displayName('a\u0000b\u001b').text).toBe('a\\0b\\x1b');
  });

  it('leaves markup as the same characters (React renders it as text)', () => {
    expect(displayName('<b>x</b>').text).toBe('<b>x</b>');
  });

  it('shortens long names in the middle and keeps the full name for the title', () => {
    const name = `${'a'.repeat(200)}END`;
    const d = displayName(name, 50);
    expect(d.truncated).toBe(true);
    expect(Array.from(d.text)).toHaveLength(50);
    expect(d.text.endsWith('END')).toBe(true);
    expect(d.full).toBe(name);
  });

  it('never cuts an emoji in half', () => {
    const d = displayName('🦀'.repeat(100), 11);
    expect(Array.from(d.text).every((c) => c === '🦀' || c === '…')).toBe(true);
  });

  it('escapes each path component but keeps the separators', () => {
    expect(displayPath('\\A\\b\u0000c')).toBe('\\A\\b\\0c');
    expect(displayPath('\\')).toBe('\\');
  });
});

describe('statuses and sizes', () => {
  it('tells access denied and vanished objects apart from other failures, for signed statuses too', () => {
    expect(isAccessDenied(0xc0000022)).toBe(true);
    expect(isAccessDenied(-1073741790)).toBe(true);
    expect(isVanished(0xc0000034)).toBe(true);
    expect(isAccessDenied(0xc0000034)).toBe(false);
    expect(isVanished(0xc0000022)).toBe(false);
  });

  it('formats byte counts in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(72 * 1024)).toBe('72 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
  });
});

function info(caps: Partial<SourceInfo['capabilities']>): SourceInfo {
  return {
    kind: 'wine',
    label: 'x',
    host: null,
    osVersion: null,
    capturedAt: null,
    readOnly: true,
    toolVersion: '0',
    capabilities: {
      bulkDirectoryQuery: true,
      ntGetNextProcess: true,
      elevated: true,
      seDebugPrivilege: true,
      objectAddressesVisible: true,
      dynamicSymbolicLinks: true,
      warnings: [],
      ...caps,
    },
  };
}

describe('capability warnings', () => {
  it('say nothing when everything works', () => {
    expect(capabilityWarnings(info({}))).toEqual([]);
  });

  it('word each degraded capability as what the user will see, without repeating the source notes', () => {
    const w = capabilityWarnings(info({ elevated: false, objectAddressesVisible: false, warnings: ['object addresses hidden', 'extra note'] }));
    expect(w).toEqual(['not elevated: some directories are denied', 'object addresses hidden', 'extra note']);
  });

  it('drop the source notes that repeat a flag in other words (the Wine sample said three things twice)', () => {
    const w = capabilityWarnings(
      info({
        bulkDirectoryQuery: false,
        ntGetNextProcess: false,
        objectAddressesVisible: false,
        warnings: [
          "running under Wine 8.0: the namespace is wineserver's, not a Windows kernel's",
          'bulk directory queries are not implemented here; listing one entry per call',
          'NtGetNextProcess is missing: zombies held only by the kernel cannot be found',
          'object addresses hidden',
        ],
      }),
    );
    expect(w).toEqual([
      'object addresses hidden',
      'bulk directory query unavailable (slower listing)',
      'NtGetNextProcess missing: kernel-held zombies not counted',
      "running under Wine 8.0: the namespace is wineserver's, not a Windows kernel's",
    ]);
    expect(warningSummary(w)).toBe('object addresses hidden (+3 more)');
    expect(warningSummary([])).toBe('');
  });

  it('treat unknown (null) as no warning', () => {
    expect(capabilityWarnings(info({ elevated: null, objectAddressesVisible: null, bulkDirectoryQuery: null }))).toEqual([]);
  });
});

describe('type table sorting', () => {
  const t = (name: string, objects: number, index: number | null = null): TypeStat => ({ name, index, objects, handles: 0, peakObjects: 0, peakHandles: 0 });
  const rows = [t('Event', 5, 3), t('Directory', 9, 1), t('Mutant', 5, null)];

  it('sorts by count descending with ties broken by name', () => {
    expect(sortTypes(rows, 'objects', true).map((r) => r.name)).toEqual(['Directory', 'Mutant', 'Event']);
    expect(sortTypes(rows, 'objects', false).map((r) => r.name)).toEqual(['Event', 'Mutant', 'Directory']);
  });

  it('sorts by name and by index (unknown index lowest) without touching the input', () => {
    expect(sortTypes(rows, 'name', false).map((r) => r.name)).toEqual(['Directory', 'Event', 'Mutant']);
    expect(sortTypes(rows, 'index', false).map((r) => r.name)).toEqual(['Mutant', 'Directory', 'Event']);
    expect(rows.map((r) => r.name)).toEqual(['Event', 'Directory', 'Mutant']);
  });
});

describe('list paging', () => {
  it('fetches nothing beyond the first page for a directory that fits in it', () => {
    expect(pagesFor([0, 40], 500, 500)).toEqual([]);
  });

  it('fetches only the pages the visible rows fall in', () => {
    expect(pagesFor([0, 40], 50_000, 500)).toEqual([]);
    expect(pagesFor([490, 530], 50_000, 500)).toEqual([1]);
    expect(pagesFor([49_960, 49_999], 50_000, 500)).toEqual([99]);
    expect(pagesFor([999, 1500], 50_000, 500)).toEqual([1, 2, 3]);
  });

  it('clamps a stale range that runs past the end after the directory shrank', () => {
    expect(pagesFor([49_000, 49_999], 1_200, 500)).toEqual([2]);
  });
});

describe('go to target', () => {
  const hop = (path: string, type: string | null, target: string | null = null) => ({ path, type, target, error: null });
  const chain = (final: string | null, hops: ReturnType<typeof hop>[], flags: Partial<{ loop: boolean; dangling: boolean; truncated: boolean }> = {}) => ({
    final,
    hops,
    loop: false,
    dangling: false,
    truncated: false,
    ...flags,
  });

  it('opens a directory target', () => {
    expect(linkJump(chain('\\Device\\Harddisk0', [hop('\\L', 'SymbolicLink', '\\Device\\Harddisk0'), hop('\\Device\\Harddisk0', 'Directory')]))).toEqual({ ok: true, path: '\\Device\\Harddisk0', sel: null });
  });

  it('selects any other target in its parent, whatever its name holds', () => {
    const final = '\\Hostile\\<img src=x>\u0000 ';
    expect(linkJump(chain(final, [hop('\\L', 'SymbolicLink', final), hop(final, 'Event')]))).toEqual({ ok: true, path: '\\Hostile', sel: '<img src=x>\u0000 ' });
    expect(linkJump(chain('\\Top', [hop('\\L', 'SymbolicLink', '\\Top'), hop('\\Top', 'Device')]))).toEqual({ ok: true, path: '\\', sel: 'Top' });
  });

  it('refuses a broken chain and says why', () => {
    expect(linkJump(chain(null, [], { loop: true }))).toEqual({ ok: false, reason: 'the links form a loop' });
    expect(linkJump(chain(null, [], { truncated: true }))).toEqual({ ok: false, reason: 'the chain is too long' });
    expect(linkJump(chain(null, [], { dangling: true }))).toEqual({ ok: false, reason: 'the target was not found: it does not exist, or the link was made by a sandboxed process (such links answer STATUS_OBJECT_NAME_NOT_FOUND outside their sandbox)' });
  });
});
