// Snapshot format and SnapshotSource on a 200,000-object synthetic namespace (a 50,000-entry
// `\Big` included): encode time, load time (decode + validate + index) against a plain
// gunzip + JSON.parse of the same file, memory kept by a loaded source, gzip bytes per object,
// and search latency per query class against a naive linear scan over the same tree.
// Then a real capture under Wine (a prefix populated with 20,000 objects by objhelper): size
// per object and capture time of `objscope snapshot` with details (format version 2) against
// `--no-details` (names, types and targets only), runs alternated in the same prefix.
// packages/core is TypeScript, so it is bundled with esbuild into a temporary module first.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { importTs } from '../scripts/lib/import-ts.mjs';
import { median } from '../scripts/lib/stats.mjs';
import { populatePrefix } from '../scripts/lib/objhelper-populate.mjs';

export const title = 'Snapshot format, load and search';

const OBJECTS = 200_000;
const BIG = 50_000;
/** Objects objhelper adds to the Wine prefix for the capture measurement (as bench/walk.mjs). */
const POPULATE = 20_000;

async function loadCore(root) {
  return importTs(root, `export * from './packages/core/src/index.ts'; export * from './packages/core/testing/index.ts'; export { gunzipSync } from 'fflate';`, { platform: 'neutral' });
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
  // The real Wine capture first: it needs the machine quiet, before the synthetic work heats it.
  const capture = await measureWineCapture(ctx);
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
    ...capture.metrics,
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
      ...capture.notes,
      `${snap.meta.objectCount} synthetic objects (\\Big has ${BIG}); file ${bytes.length} bytes gzip, median encode ${median(encodeMs).toFixed(0)} ms`,
      'retained heap: heap with the source loaded minus heap after releasing it, both after a full GC',
      'regex search runs on re2js (linear time); the naive baseline uses native RegExp on the same safe patterns',
    ],
  };
}

/**
 * `objscope snapshot -o` under Wine with details and with --no-details, alternating which goes
 * first, in a prefix populated with POPULATE objects. Wall time of the whole command (process
 * start-up included, the same for both), and gzip bytes per object of each file.
 */
async function measureWineCapture(ctx) {
  const harness = await import(new URL('../tools/wine/harness.mjs', import.meta.url).href);
  await harness.setup();
  const bundle = join(ctx.root, 'apps', 'agent', 'dist', 'objscope.mjs');
  if (!existsSync(bundle)) throw new Error(`${bundle} is not built`);
  const bundleWin = harness.toWindowsPath(bundle);
  ctx.log(`populating the prefix with ${POPULATE} objects`);
  const populated = await populatePrefix(harness, { name: 'objscope-bench-snapshot', count: POPULATE });
  const { dir } = populated;
  const runs = Math.max(3, ctx.runs);
  const m = { with: { ms: [], perObject: [] }, without: { ms: [], perObject: [] } };
  let objects = 0;
  try {
    const capture = async (details) => {
      const file = join(dir, details ? 'with.objscope.gz' : 'without.objscope.gz');
      const args = [bundleWin, 'snapshot', '-o', harness.toWindowsPath(file), ...(details ? [] : ['--no-details'])];
      const t = performance.now();
      const r = await harness.runNode(args, { timeoutMs: 600_000 });
      const ms = performance.now() - t;
      if (r.code !== 0 || !existsSync(file)) throw new Error(`objscope snapshot${details ? '' : ' --no-details'} exited ${r.code}: ${r.stderr.slice(0, 300)}`);
      const count = /: (\d+) objects, /.exec(r.stdout);
      if (!count) throw new Error(`objscope snapshot printed no summary: ${r.stdout.slice(0, 200)}`);
      objects = Number(count[1]);
      const slot = details ? m.with : m.without;
      slot.ms.push(ms);
      slot.perObject.push(statSync(file).size / objects);
    };
    for (let i = 0; i < runs; i++) {
      // Alternate the order so neither variant always runs on a warmer cache.
      const order = i % 2 === 0 ? [true, false] : [false, true];
      for (const withDetails of order) await capture(withDetails);
      ctx.log(`capture run ${i + 1}: with details ${Math.round(m.with.ms.at(-1))} ms (${m.with.perObject.at(-1).toFixed(2)} B/object), without ${Math.round(m.without.ms.at(-1))} ms (${m.without.perObject.at(-1).toFixed(2)} B/object)`);
    }
  } finally {
    await populated.stop();
  }
  return {
    metrics: [
      {
        name: 'Wine capture size with details (format v2)',
        unit: 'bytes/object',
        better: 'lower',
        runs: m.with.perObject,
        baseline: { name: 'same capture with --no-details', runs: m.without.perObject },
        goal: { op: '<=', value: 20, of: 'median' },
      },
      {
        name: 'Wine capture time with details, whole `objscope snapshot -o` command',
        unit: 'ms',
        better: 'lower',
        runs: m.with.ms.map((x) => Math.round(x)),
        baseline: { name: 'same command with --no-details', runs: m.without.ms.map((x) => Math.round(x)) },
      },
    ],
    notes: [`Wine capture: ${objects} objects (${POPULATE} added by objhelper populate), ${runs} runs each, with and without details alternating`],
  };
}
