// Snapshot format and SnapshotSource on a 200,000-object synthetic namespace (a 50,000-entry
// `\Big` included): encode time, load time (decode + validate + index) against a plain
// gunzip + JSON.parse of the same file, memory kept by a loaded source, gzip bytes per object,
// and search latency per query class against a naive linear scan over the same tree.
// packages/core is TypeScript, so it is bundled with esbuild into a temporary module first.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { importTs } from '../scripts/lib/import-ts.mjs';
import { median } from '../scripts/lib/stats.mjs';

export const title = 'Snapshot format, load and search';

const OBJECTS = 200_000;
const BIG = 50_000;

async function loadCore(root) {
  return importTs(root, `export * from './packages/core/src/index.ts'; export { gunzipSync } from 'fflate';`, { platform: 'neutral' });
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
// The bench runner does not start node with --expose-gc; turning the flag on at run time and
// fetching gc from a fresh context gives the same full collection.
setFlagsFromString('--expose-gc');
const fullGc = globalThis.gc ?? runInNewContext('gc');
const gc = () => fullGc();

/** What a search without an index does: walk every node and test every name. */
function naiveSearch(root, q) {
  const text = q.caseSensitive ? q.text : q.text.toLowerCase();
  const re = q.mode === 'regex' ? new RegExp(q.text, q.caseSensitive ? '' : 'i') : null;
  const types = q.types?.length ? new Set(q.types) : null;
  const hits = [];
  let total = 0;
  const walk = (n, path) => {
    for (const c of n.children ?? []) {
      const p = path === '\\' ? `\\${c.name}` : `${path}\\${c.name}`;
      const name = q.caseSensitive ? c.name : c.name.toLowerCase();
      if ((!types || types.has(c.type)) && (re ? re.test(c.name) : name.includes(text))) {
        total++;
        if (hits.length < q.limit) hits.push({ path: p, name: c.name, type: c.type, target: c.target });
      }
      if (c.children) walk(c, p);
    }
  };
  walk(root, '\\');
  return { hits, total };
}

// Query classes. "typing" replays a user typing two words into Find, one query per keystroke.
const typing = (word) => Array.from({ length: word.length }, (_, i) => word.slice(0, i + 1));
const CLASSES = {
  substring: [...typing('wilstaging'), ...typing('sharedmemory'), 'ole', 'lrpc-', 'mutex', 'global', '{', 'zzzz-not-there'],
  short: ['e', 'a', 'x', 'ol', 'sm', '0', '_1'],
  'type-filtered': [
    { text: 'shared', types: ['Section'] },
    { text: 'e', types: ['Mutant', 'Semaphore'] },
    { text: '', types: ['SymbolicLink'] },
    { text: 'big', types: ['Event'] },
  ],
  regex: ['^OLE[0-9A-F]{6}', 'wil.*_0[23]$', '^\\{[0-9A-F-]{36}\\}$', 'mutex[0-9]+', '^BigEntry_04'],
};

function queryOf(cls, item) {
  const base = { mode: cls === 'regex' ? 'regex' : 'substring', limit: 1000 };
  return typeof item === 'string' ? { ...base, text: item } : { ...base, ...item };
}

export async function run(ctx) {
  const runs = Math.max(5, ctx.runs);
  const core = await loadCore(ctx.root);
  const { synthesizeSnapshot, encodeSnapshot, decodeSnapshot, SnapshotSource, gunzipSync } = core;

  ctx.log(`synthesizing ${OBJECTS} objects`);
  const snap = synthesizeSnapshot({ objects: OBJECTS, bigDirectoryEntries: BIG });

  const encodeMs = [];
  let bytes;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    bytes = encodeSnapshot(snap);
    encodeMs.push(performance.now() - t);
  }
  const perObject = bytes.length / snap.meta.objectCount;

  ctx.log('load');
  const loadMs = [];
  const parseMs = [];
  const heapMb = [];
  const rssMb = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    JSON.parse(new TextDecoder().decode(gunzipSync(bytes)));
    parseMs.push(performance.now() - t);

    // Retained heap = heap with the source loaded minus heap once it is released (both after a
    // full GC), so garbage from earlier work does not blur the figure.
    gc();
    const before = process.memoryUsage();
    t = performance.now();
    let r = decodeSnapshot(bytes);
    if (!r.ok) throw new Error(r.error);
    let loaded = new SnapshotSource(r.snapshot);
    loadMs.push(performance.now() - t);
    r = undefined;
    gc();
    const withSource = process.memoryUsage();
    rssMb.push((withSource.rss - before.rss) / 2 ** 20);
    if (loaded.objectCount !== snap.meta.objectCount) throw new Error('object count mismatch');
    loaded = undefined;
    gc();
    heapMb.push((withSource.heapUsed - process.memoryUsage().heapUsed) / 2 ** 20);
  }
  const decoded = decodeSnapshot(bytes);
  if (!decoded.ok) throw new Error(decoded.error);
  const source = new SnapshotSource(decoded.snapshot);

  ctx.log('list');
  const listMs = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await source.list('\\Big');
    if (!r.ok || r.value.length !== BIG) throw new Error('listing \\Big failed');
    listMs.push(performance.now() - t);
  }

  ctx.log('search');
  /** @type {any[]} */
  const metrics = [
    { name: 'encode 200k objects (JSON + gzip -9)', unit: 'ms', better: 'lower', runs: encodeMs },
    {
      name: 'load 200k objects (gunzip, validate, index)',
      unit: 'ms',
      better: 'lower',
      runs: loadMs,
      baseline: { name: 'gunzip + JSON.parse only', runs: parseMs },
      goal: { op: '<', value: 1000, of: 'median' },
    },
    { name: 'heap retained by a loaded source', unit: 'MB', better: 'lower', runs: heapMb },
    { name: 'RSS growth on load', unit: 'MB', better: 'lower', runs: rssMb },
    { name: 'snapshot size', unit: 'bytes/object', better: 'lower', runs: [perObject], goal: { op: '<', value: 40, of: 'median' } },
    { name: 'list 50,000-entry directory (in process)', unit: 'ms', better: 'lower', runs: listMs },
  ];

  for (const [cls, items] of Object.entries(CLASSES)) {
    const queries = items.map((it) => queryOf(cls, it));
    // Correctness guard: the index and the naive scan must agree before their speed is compared.
    for (const q of queries) {
      const a = await source.search(q);
      const b = naiveSearch(snap.root, q);
      if (a.total !== b.total) throw new Error(`search ${JSON.stringify(q)}: index says ${a.total}, naive scan ${b.total}`);
    }
    const p50 = [];
    const p99 = [];
    const base50 = [];
    const base99 = [];
    for (let i = 0; i < runs; i++) {
      const lat = [];
      const naive = [];
      for (const q of queries) {
        let t = performance.now();
        await source.search(q);
        lat.push(performance.now() - t);
        t = performance.now();
        naiveSearch(snap.root, q);
        naive.push(performance.now() - t);
      }
      p50.push(percentile(lat, 50));
      p99.push(percentile(lat, 99));
      base50.push(percentile(naive, 50));
      base99.push(percentile(naive, 99));
    }
    metrics.push({
      name: `search p50, ${cls} (${queries.length} queries)`,
      unit: 'ms',
      better: 'lower',
      runs: p50,
      baseline: { name: 'naive tree walk', runs: base50 },
      ...(cls === 'substring' ? { goal: { op: '<', value: 20, of: 'median' } } : {}),
    });
    metrics.push({
      name: `search p99, ${cls}`,
      unit: 'ms',
      better: 'lower',
      runs: p99,
      baseline: { name: 'naive tree walk', runs: base99 },
    });
  }

  return {
    metrics,
    notes: [
      `${snap.meta.objectCount} synthetic objects (\\Big has ${BIG}); file ${bytes.length} bytes gzip, median encode ${median(encodeMs).toFixed(0)} ms`,
      'retained heap: heap with the source loaded minus heap after releasing it, both after a full GC',
      'regex search runs on re2js (linear time); the naive baseline uses native RegExp on the same safe patterns',
    ],
  };
}
