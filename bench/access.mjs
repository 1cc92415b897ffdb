// Access checks (#24) on the 200,000-object synthetic namespace, every object given a security
// descriptor from a pool of 2,000 (as on a real machine, where a directory's objects mostly share
// their creator's default DACL): `access --find` (findAccessible, each distinct descriptor
// evaluated once per principal) against the same search evaluating every object, and the
// per-object check against the least any check must do (one pass over the ACEs with a set lookup).
import { importTs } from '../scripts/lib/import-ts.mjs';

export const title = 'Access checks: --find and the per-object check';

const OBJECTS = 200_000;
const POOL = 2_000;

async function loadCore(root) {
  return importTs(root, `export * from './packages/core/src/index.ts'; export * from './packages/core/testing/index.ts';`, { platform: 'neutral' });
}

const SIDS = ['S-1-1-0', 'S-1-5-11', 'S-1-5-18', 'S-1-5-32-544', 'S-1-5-32-545', 'S-1-5-4', 'S-1-15-2-1', 'S-1-5-21-1-2-3-1001', 'S-1-5-12', 'S-1-3-4'];

function pool(n) {
  let seed = 24;
  const r = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  return Array.from({ length: n }, (_, i) => {
    const aces = Array.from({ length: 2 + Math.floor(r() * 6) }, () => ({
      type: r() < 0.8 ? 'ACCESS_ALLOWED' : 'ACCESS_DENIED',
      flags: r() < 0.1 ? ['OBJECT_INHERIT', 'INHERIT_ONLY'] : [],
      mask: [0x1f0003, 0x120001, 0x100002, 0xf000f, 0x20003, 0x1f0001][Math.floor(r() * 6)],
      rights: [],
      sid: SIDS[Math.floor(r() * SIDS.length)],
      account: null,
    }));
    return { sddl: null, owner: SIDS[i % SIDS.length], group: 'S-1-5-18', dacl: i % 97 === 0 ? null : aces, sacl: i % 5 === 0 ? [{ type: 'SYSTEM_MANDATORY_LABEL', flags: [], mask: 1, rights: [], sid: 'S-1-16-4096', account: null }] : null };
  });
}

function attach(root, sds) {
  let i = 0;
  const walk = (n, dirSd) => {
    // Most objects of a directory share one descriptor; one in eight has its own.
    const sd = i++ % 8 === 0 ? sds[i % sds.length] : dirSd;
    n.details = { basic: { ok: false, error: { status: 0xc00000bb, name: 'STATUS_NOT_SUPPORTED' } }, security: { ok: true, value: sd }, state: null };
    for (const c of n.children ?? []) walk(c, n.children.length > 1 ? sd : dirSd);
  };
  walk(root, sds[0]);
  return i;
}

const time = (fn) => {
  const t0 = performance.now();
  const v = fn();
  return [performance.now() - t0, v];
};

export async function run(ctx) {
  const core = await loadCore(ctx.root);
  const snap = core.synthesizeSnapshot({ objects: OBJECTS, bigDirectoryEntries: 50_000, seed: 7 });
  const sds = pool(POOL);
  const objects = attach(snap.root, sds);
  ctx.log(`${objects} objects, ${POOL} distinct descriptors`);
  const everyone = core.parsePrincipal('S-1-5-21-1-2-3-1001,S-1-1-0,S-1-5-11,S-1-5-32-545@medium', null).value;
  const low = core.parsePrincipal('low', everyone).value;
  const rights = core.parseRightsQuery('modify').value;
  const mappings = new Map(snap.details.typeInfo.map((t) => [t.name, t.genericMapping]));

  // The same answer without sharing: every object evaluated.
  const naiveFind = (token) => {
    let hits = 0;
    const walk = (n) => {
      const m = mappings.get(n.type);
      if (m && n.details?.security.ok) {
        const g = core.accessCheck(n.details.security.value, m, token).granted;
        if (g & ((m.write & ~0x120000) | 0xd0000)) hits++;
      }
      for (const c of n.children ?? []) walk(c);
    };
    walk(snap.root);
    return hits;
  };

  const findMs = [];
  const naiveMs = [];
  const findLowMs = [];
  let evaluations = 0;
  let hits = 0;
  for (let i = 0; i < ctx.runs; i++) {
    const [a, r] = time(() => core.findAccessible(snap, everyone, rights));
    findMs.push(a);
    evaluations = r.value.evaluations;
    hits = r.value.hits.length;
    findLowMs.push(time(() => core.findAccessible(snap, low, rights))[0]);
    naiveMs.push(time(() => naiveFind(everyone))[0]);
  }

  // Per-object check on pool descriptors, in batches of 10,000, µs per check.
  const event = mappings.get('Event') ?? { read: 0x20001, write: 0x20002, execute: 0x100000, all: 0x1f0003 };
  const BATCH = 10_000;
  const checkUs = [];
  const floorUs = [];
  const sink = [];
  const members = new Set(['S-1-5-21-1-2-3-1001', ...everyone.groups.map((g) => g.sid)]);
  for (let i = 0; i < ctx.runs; i++) {
    checkUs.push((time(() => { for (let k = 0; k < BATCH; k++) sink.push(core.accessCheck(sds[k % POOL], event, everyone).granted); })[0] * 1000) / BATCH);
    floorUs.push((time(() => {
      for (let k = 0; k < BATCH; k++) {
        let g = 0;
        for (const a of sds[k % POOL].dacl ?? []) if (members.has(a.sid)) g |= a.mask;
        sink.push(g);
      }
    })[0] * 1000) / BATCH);
    sink.length = 0;
  }

  return {
    metrics: [
      {
        name: `--find --rights modify over ${OBJECTS.toLocaleString('en')} objects (medium user)`,
        unit: 'ms',
        better: 'lower',
        runs: findMs,
        goal: { op: '<', value: 1000, of: 'median' },
        baseline: { name: 'every object evaluated (no sharing)', runs: naiveMs },
      },
      { name: '--find --rights modify, low integrity', unit: 'ms', better: 'lower', runs: findLowMs, goal: { op: '<', value: 1000, of: 'median' } },
      { name: 'distinct descriptors evaluated by one --find', unit: 'count', better: 'lower', runs: [evaluations] },
      {
        name: 'per-object check (full reasons)',
        unit: 'µs',
        better: 'lower',
        runs: checkUs,
        baseline: { name: 'one pass over the ACEs with a set lookup', runs: floorUs },
      },
    ],
    notes: [`${objects} objects, ${POOL} distinct descriptors in a pool, ${hits} objects modifiable by the medium user`],
  };
}
