import { describe, expect, it } from 'vitest';
import { MEMORY_CONDITION_NAMES, type SearchQuery, type Snapshot, SnapshotSource, compileSafeRegex, decodeSnapshot, requiredLiteral, encodeSnapshot } from '../src/index';
import { HOSTILE_NAMES, synthesizeSnapshot } from '../testing/index';

const snap = synthesizeSnapshot({ objects: 3_000, bigDirectoryEntries: 1_200, seed: 11 });
const src = new SnapshotSource(snap);
const q = (text: string, more: Partial<SearchQuery> = {}): SearchQuery => ({ text, mode: 'substring', limit: 100, ...more });

/** The reference answer: every node, every path, a plain walk. */
function allObjects(s: Snapshot): { path: string; name: string; type: string; target: string | null }[] {
  const out: { path: string; name: string; type: string; target: string | null }[] = [];
  const walk = (n: Snapshot['root'], path: string) => {
    for (const c of n.children ?? []) {
      const p = path === '\\' ? `\\${c.name}` : `${path}\\${c.name}`;
      out.push({ path: p, name: c.name, type: c.type, target: c.target });
      walk(c, p);
    }
  };
  walk(s.root, '\\');
  return out;
}
const everything = allObjects(snap);

describe('SnapshotSource.info', () => {
  it('reports the capture metadata, read-only, with the kind and label asked for', async () => {
    const info = await new SnapshotSource(snap, { kind: 'sample', label: 'Sample captured under Wine' }).info();
    expect(info).toMatchObject({
      kind: 'sample',
      label: 'Sample captured under Wine',
      host: 'SYNTHETIC-HOST',
      capturedAt: snap.meta.capturedAt,
      readOnly: true,
      toolVersion: '0.1.0',
    });
    expect(info.capabilities).toEqual(snap.meta.capabilities);
    expect((await src.info()).kind).toBe('snapshot');
    expect((await src.info()).label).toBe(`Snapshot of SYNTHETIC-HOST captured ${snap.meta.capturedAt} (read-only)`);
  });
});

describe('SnapshotSource.list', () => {
  it('lists the root in capture order', async () => {
    const r = await src.list('\\');
    expect(r.ok && r.value.map((e) => e.name)).toEqual(snap.root.children!.map((c) => c.name));
  });

  it('lists hostile names exactly, each as a plain entry', async () => {
    const r = await src.list('\\Hostile');
    if (!r.ok) throw new Error(r.message);
    const names = r.value.map((e) => e.name);
    for (const n of HOSTILE_NAMES) expect(names).toContain(n);
    const proto = r.value.find((e) => e.name === '__proto__')!;
    expect(proto).toEqual({ name: '__proto__', type: 'Event', target: null, error: null });
  });

  it('opens directories whose names are prototype keys or HTML', async () => {
    const r = await src.list('\\Hostile\\nested <b>dir</b>');
    expect(r.ok && r.value.map((e) => e.name)).toEqual(['__proto__', 'constructor']);
  });

  it('lists a 1,200-entry directory in full', async () => {
    const r = await src.list('\\Big');
    expect(r.ok && r.value.length).toBe(1200);
    expect(r.ok && r.value[1199]!.name).toBe('BigEntry_001199');
  });

  it('carries dynamic links with what they resolve to', async () => {
    const r = await src.list('\\KernelObjects');
    if (!r.ok) throw new Error(r.message);
    const low = r.value.find((e) => e.name === 'LowMemoryCondition');
    expect(low).toEqual({ name: 'LowMemoryCondition', type: 'SymbolicLink', target: null, error: null, dynamic: true, resolvesTo: 'Event' });
  });

  it('follows symbolic links in the path, as the object manager does', async () => {
    const viaLink = await src.list('\\Sessions\\1\\BaseNamedObjects\\Global\\Restricted');
    expect(viaLink).toEqual({ ok: true, status: 0, value: [] });
    const direct = await src.list('\\BaseNamedObjects');
    const linked = await src.list('\\Sessions\\BNOLINKS\\0');
    expect(linked).toEqual(direct);
  });

  it('returns a fresh array each time, so callers may sort it', async () => {
    const a = await src.list('\\Device');
    if (!a.ok) throw new Error(a.message);
    a.value.reverse();
    const b = await src.list('\\Device');
    expect(b.ok && b.value[0]!.name).toBe('Null');
  });

  it('reports failures as NT statuses, never exceptions', async () => {
    expect(await src.list('\\NoSuchThing')).toMatchObject({ ok: false, status: 0xc0000034, name: 'STATUS_OBJECT_NAME_NOT_FOUND' });
    expect(await src.list('\\NoSuchThing\\Below')).toMatchObject({ ok: false, status: 0xc000003a, name: 'STATUS_OBJECT_PATH_NOT_FOUND' });
    expect(await src.list('\\Device\\Null')).toMatchObject({ ok: false, status: 0xc0000024, name: 'STATUS_OBJECT_TYPE_MISMATCH' });
    expect(await src.list('\\Hostile\\Denied')).toMatchObject({ ok: false, status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' });
    expect(await src.list('Device')).toMatchObject({ ok: false, status: 0xc000003b, name: 'STATUS_OBJECT_PATH_SYNTAX_BAD' });
    expect(await src.list('\\Hostile\\LoopA')).toMatchObject({ ok: false, status: 0xc000003a });
    const denied = await src.list('\\Hostile\\Denied');
    expect(!denied.ok && denied.message).toBe('STATUS_ACCESS_DENIED (0xC0000022): \\Hostile\\Denied could not be listed when the snapshot was taken');
  });

  it('does not treat `/`, `..` or prototype keys as path syntax', async () => {
    expect(await src.list('\\Hostile\\..')).toMatchObject({ ok: false, status: 0xc0000024 });
    expect(await src.list('\\Hostile\\a/b')).toMatchObject({ ok: false, status: 0xc0000024 });
    expect(await src.list('\\__proto__')).toMatchObject({ ok: false, status: 0xc0000034 });
    expect(await src.list('\\constructor\\x')).toMatchObject({ ok: false, status: 0xc000003a });
  });
});

describe('SnapshotSource.details and resolveLink', () => {
  it('gives type and name, and says plainly what a snapshot did not capture', async () => {
    const r = await src.details('\\Hostile\\__proto__');
    if (!r.ok) throw new Error(r.message);
    expect(r.value).toMatchObject({ path: '\\Hostile\\__proto__', name: '__proto__', type: 'Event', link: null });
    const notCaptured = { ok: false, error: { status: 0xc00000bb, name: 'STATUS_NOT_SUPPORTED' } };
    expect(r.value.basic).toEqual(notCaptured);
    expect(r.value.security).toEqual(notCaptured);
    expect(r.value.state).toEqual(notCaptured);
    const dir = await src.details('\\Device');
    expect(dir.ok && dir.value.state).toBeNull();
    const root = await src.details('\\');
    expect(root.ok && root.value).toMatchObject({ name: '\\', type: 'Directory' });
  });

  it('describes a symbolic link without following it, with its chain resolved inside the snapshot', async () => {
    const r = await src.details('\\Hostile\\Chain1');
    if (!r.ok) throw new Error(r.message);
    expect(r.value.type).toBe('SymbolicLink');
    expect(r.value.link).toEqual({
      target: '\\Hostile\\Chain2',
      creationTime: null,
      dynamic: false,
      chain: {
        hops: [
          { path: '\\Hostile\\Chain1', target: '\\Hostile\\Chain2', type: 'SymbolicLink', error: null },
          { path: '\\Hostile\\Chain2', target: '\\GLOBAL??\\C:', type: 'SymbolicLink', error: null },
          { path: '\\GLOBAL??\\C:', target: '\\Device\\HarddiskVolume3', type: 'SymbolicLink', error: null },
          { path: '\\Device\\HarddiskVolume3', target: null, type: 'Device', error: null },
        ],
        final: '\\Device\\HarddiskVolume3',
        loop: false,
        truncated: false,
        dangling: false,
      },
    });
  });

  it('detects loops and dangling targets', async () => {
    const loop = await src.resolveLink('\\Hostile\\LoopA');
    expect(loop).toMatchObject({ final: null, loop: true, dangling: false, truncated: false });
    expect(loop.hops.map((h) => h.path)).toEqual(['\\Hostile\\LoopA', '\\Hostile\\LoopB']);
    const dangling = await src.resolveLink('\\Hostile\\Dangling');
    expect(dangling).toMatchObject({ final: null, loop: false, dangling: true });
    expect(dangling.hops[1]).toEqual({
      path: '\\Device\\DoesNotExist', target: null, type: null, error: { status: 0xc0000034, name: 'STATUS_OBJECT_NAME_NOT_FOUND' },
    });
  });

  it('treats a dynamic link as resolved by the kernel: the chain ends at the link itself', async () => {
    const r = await src.details('\\KernelObjects\\HighMemoryCondition');
    expect(r.ok && r.value.link).toMatchObject({ target: null, dynamic: true, chain: { final: '\\KernelObjects\\HighMemoryCondition', loop: false } });
  });

  it('stops at 16 hops on a long chain', async () => {
    const chainSnap = structuredClone(snap);
    const links = Array.from({ length: 20 }, (_, i) => ({ name: `L${i}`, type: 'SymbolicLink', target: `\\Chain\\L${i + 1}`, error: null }));
    chainSnap.root.children!.push({ name: 'Chain', type: 'Directory', target: null, error: null, children: links });
    const chain = await new SnapshotSource(chainSnap).resolveLink('\\Chain\\L0');
    expect(chain).toMatchObject({ final: null, loop: false, truncated: true, dangling: false });
    expect(chain.hops).toHaveLength(17);
  });
});

describe('SnapshotSource.search', () => {
  it('finds case-insensitive substrings with exact totals, matching a plain walk', async () => {
    const r = await src.search(q('wilstaging', { limit: 5 }));
    const expected = everything.filter((o) => o.name.toLowerCase().includes('wilstaging'));
    expect(expected.length).toBeGreaterThan(5);
    expect(r.total).toBe(expected.length);
    expect(r.hits).toEqual(expected.slice(0, 5));
    expect(r.truncated).toBe(true);
    expect(r.scanned).toBe(everything.length);
  });

  it('honours caseSensitive', async () => {
    const lower = await src.search(q('bigentry_00001', { caseSensitive: true }));
    expect(lower.total).toBe(0);
    const exact = await src.search(q('BigEntry_00001', { caseSensitive: true }));
    expect(exact.hits.map((h) => h.name)).toEqual(Array.from({ length: 10 }, (_, i) => `BigEntry_00001${i}`));
  });

  it('finds hostile names as text, with their full paths', async () => {
    const proto = await src.search(q('__proto__'));
    expect(proto.hits).toEqual([
      { path: '\\Hostile\\__proto__', name: '__proto__', type: 'Event', target: null },
      { path: '\\Hostile\\nested <b>dir</b>\\__proto__', name: '__proto__', type: 'Section', target: null },
    ]);
    expect((await src.search(q('nul\u0000in'))).hits.map((h) => h.path)).toEqual(['\\Hostile\\nul\u0000inside']);
    expect((await src.search(q('<script>'))).total).toBe(1);
    expect((await src.search(q('\u{1F4A9}'))).total).toBe(1);
  });

  it('never matches across two names (a query with `\\` matches nothing)', async () => {
    expect((await src.search(q('Device\\Null'))).total).toBe(0);
    expect((await src.search(q('Null\\'))).total).toBe(0);
  });

  it('exact mode matches whole names only', async () => {
    const r = await src.search(q('global', { mode: 'exact' }));
    expect(r.hits.map((h) => h.path)).toEqual([
      '\\GLOBAL??\\Global',
      '\\BaseNamedObjects\\Global',
      '\\Sessions\\0\\BaseNamedObjects\\Global',
      '\\Sessions\\1\\BaseNamedObjects\\Global',
    ]);
    expect((await src.search(q('Global', { mode: 'exact', caseSensitive: true }))).total).toBe(4);
    expect((await src.search(q('GLOBA', { mode: 'exact' }))).total).toBe(0);
    // The object right after a subtree must not leak into it.
    expect((await src.search(q('Driver', { mode: 'exact', under: '\\Device' }))).total).toBe(0);
    expect((await src.search(q('Driver', { mode: 'exact' }))).hits.map((h) => h.path)).toEqual(['\\ObjectTypes\\Driver', '\\Driver']);
    expect((await src.search(q('Driv', { under: '\\Device' }))).total).toBe(0);
  });

  it('filters by type and by `under`, and the total counts only what passes', async () => {
    const r = await src.search(q('', { types: ['SymbolicLink'], under: '\\GLOBAL??', limit: 1000 }));
    const expected = everything.filter((o) => o.path.startsWith('\\GLOBAL??\\') && o.type === 'SymbolicLink');
    expect(r.hits).toEqual(expected);
    expect(r.total).toBe(expected.length);
    expect(r.truncated).toBe(false);
    const mutants = await src.search(q('e', { types: ['Mutant', 'Semaphore'], under: '\\Hostile', limit: 1000 }));
    expect(mutants.hits.every((h) => (h.type === 'Mutant' || h.type === 'Semaphore') && h.path.startsWith('\\Hostile\\'))).toBe(true);
    expect(mutants.total).toBe(
      everything.filter((o) => o.path.startsWith('\\Hostile\\') && ['Mutant', 'Semaphore'].includes(o.type) && o.name.toLowerCase().includes('e')).length,
    );
  });

  it('reports an unknown `under` instead of searching everywhere', async () => {
    const r = await src.search(q('a', { under: '\\Nope' }));
    expect(r).toMatchObject({ hits: [], total: 0, error: '\\Nope does not exist in this snapshot' });
  });

  it('regex mode matches like a plain walk with the same pattern', async () => {
    const r = await src.search(q('^BigEntry_00000[0-3]$', { mode: 'regex', limit: 1000 }));
    expect(r.hits.map((h) => h.name)).toEqual(['BigEntry_000000', 'BigEntry_000001', 'BigEntry_000002', 'BigEntry_000003']);
    const re = /^(lrpc|ole)-?[0-9a-f]{6}/i;
    const expected = everything.filter((o) => re.test(o.name));
    const r2 = await src.search(q('^(lrpc|ole)-?[0-9a-f]{6}', { mode: 'regex', limit: 10_000 }));
    expect(r2.total).toBe(expected.length);
    expect(r2.hits).toEqual(expected);
  });

  it('regex mode narrows the scan with a literal the pattern requires, and finds exactly what a full scan finds', async () => {
    expect(requiredLiteral('^OLE[0-9A-F]{6}', true)).toBe('OLE');
    expect(requiredLiteral('wil.*_0[23]$', false)).toBe('wil');
    expect(requiredLiteral('ab*c', true)).toBe('a');
    expect(requiredLiteral('Entry_0+1', true)).toBe('Entry_0');
    expect(requiredLiteral('(Big|Ole)Entry', true)).toBe('Entry');
    expect(requiredLiteral('a|Big', true)).toBeNull();
    expect(requiredLiteral('(?i)big', true)).toBeNull();
    expect(requiredLiteral('sm0', false)).toBeNull(); // `s` folds to U+017F in RE2
    expect(requiredLiteral('[]a]bc', true)).toBe('bc');
    const patterns: [string, boolean][] = [
      ['^OLE[0-9A-F]{6}', false], ['wil.*_0[23]$', false], ['mutex[0-9]+', false], ['^BigEntry_00001', true],
      ['ab*c', false], ['Entry_0+1', true], ['(Big|Ole)Entry', false], ['a|Big', false], ['(?i)bigentry_0000', true],
      ['bigentry_0000', false], ['BIGENTRY_0001', false], ['BigEntry_0001', true], ['bigentry_0001', true],
      ['\\.dll$', false], ['\\QBig\\E', true], ['Entry_00000[0-3]?$', true], ['x{0}Big', true], ['Big.?Entry', false],
      ['^(Big)?Entry', false], ['B(i)g', false], ['Bi(g)+Entry', false], ['[[:upper:]]igEntry', true], ['[]B]igEntry', true],
      ['[^]x]igEntry', true], ['emoji', false], ['\\x{1F600}', false], ['nul\\x00', false], ['{', true], ['}', true],
      ['a{', false], ['.*', false], ['Global$', true], ['^\\{[0-9A-F-]{36}\\}$', false], ['proto', false], ['Kernel', false],
    ];
    for (const [pattern, caseSensitive] of patterns) {
      const re = compileSafeRegex(pattern, caseSensitive);
      if (!re.ok) throw new Error(re.error);
      const expected = everything.filter((o) => re.test(o.name));
      const r = await src.search(q(pattern, { mode: 'regex', caseSensitive, limit: 100_000 }));
      expect(r.hits, `${pattern} (case ${caseSensitive ? 'sensitive' : 'insensitive'})`).toEqual(expected);
    }
  });

  it('regex mode folds case as RE2 does, even where toLowerCase differs (Kelvin sign, long s)', async () => {
    const folded = structuredClone(snap);
    const kids = ['\u212Aelvin', '\u017Fhort', 'kelvin'].map((name) => ({ name, type: 'Event', target: null, error: null }));
    folded.root.children!.push({ name: 'Fold', type: 'Directory', target: null, error: null, children: kids });
    const s2 = new SnapshotSource(folded);
    expect((await s2.search(q('kelvin', { mode: 'regex', under: '\\Fold' }))).hits.map((h) => h.name)).toEqual(['\u212Aelvin', 'kelvin']);
    expect((await s2.search(q('short', { mode: 'regex', under: '\\Fold' }))).hits.map((h) => h.name)).toEqual(['\u017Fhort']);
  });

  it('regex mode refuses patterns RE2 cannot run in linear time and over-long patterns', async () => {
    const back = await src.search(q('(a)\\1', { mode: 'regex' }));
    expect(back.error).toMatch(/^regex rejected: .*invalid escape/);
    expect(back.hits).toEqual([]);
    expect((await src.search(q('(?=a)', { mode: 'regex' }))).error).toMatch(/^regex rejected: /);
    expect((await src.search(q('a'.repeat(257), { mode: 'regex' }))).error).toBe('regex rejected: the pattern is 257 characters; the limit is 256');
  });

  it('a catastrophic-backtracking pattern runs in linear time on a 240-character name', async () => {
    const r = await src.search(q('^(x+)+y$', { mode: 'regex', under: '\\Hostile' }));
    expect(r.total).toBe(0);
    expect(r.budgetExceeded).toBeUndefined();
    const re = compileSafeRegex('(x+x+)+y');
    expect(re.ok && re.test('x'.repeat(30_000))).toBe(false);
  });

  it('regex mode stops at its time budget and says so', async () => {
    const tight = new SnapshotSource(synthesizeSnapshot({ objects: 60_000 }), { regexBudgetMs: 0 });
    const r = await tight.search(q('.*z.*q', { mode: 'regex', limit: 10 }));
    expect(r.budgetExceeded).toBe(true);
    expect(r.truncated).toBe(true);
    expect(r.scanned).toBeLessThan(60_000);
  });

  it('honours an AbortSignal: aborted before, and during a regex scan', async () => {
    const before = new AbortController();
    before.abort();
    await expect(src.search(q('a'), before.signal)).rejects.toMatchObject({ name: 'AbortError' });
    const big = new SnapshotSource(synthesizeSnapshot({ objects: 150_000 }), { regexBudgetMs: 60_000 });
    const during = new AbortController();
    const pending = big.search(q('(a|b|c|d|e)+[0-9]{3}.*(x|y|z)$', { mode: 'regex', limit: 10 }), during.signal);
    setTimeout(() => during.abort(), 5);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('SnapshotSource over a decoded file', () => {
  it('lists the same thing before and after encode/decode, hostile names included', async () => {
    const r = decodeSnapshot(encodeSnapshot(snap));
    if (!r.ok) throw new Error(r.error);
    const back = new SnapshotSource(r.snapshot, { kind: 'share' });
    for (const path of ['\\', '\\Hostile', '\\Hostile\\nested <b>dir</b>', '\\KernelObjects', '\\Big', '\\GLOBAL??']) {
      expect(await back.list(path)).toEqual(await src.list(path));
    }
    expect(await back.typeStats()).toEqual(snap.types);
    expect((await back.memoryConditions()).map((m) => m.name)).toEqual([...MEMORY_CONDITION_NAMES]);
    expect(await back.zombies()).toEqual(snap.zombies);
    expect(await back.snapshot()).toBe(r.snapshot);
  });
});
