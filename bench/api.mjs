// API latency over real HTTP on 127.0.0.1 (contract in bench/README.md). The agent's server
// module runs in this process over a SnapshotSource of a 200,000-object synthetic namespace
// with a 50,000-entry directory (`\Big`) and a 1,000-entry one added for the purpose. The
// baseline is the same procedure called in-process through a tRPC caller (no HTTP, no
// serialisation), so the ratio is what the transport costs.
import { importTs } from '../scripts/lib/import-ts.mjs';

export const title = 'API over HTTP';

const REQUESTS = 200;

async function loadModules(root) {
  return importTs(root, `
        export { SnapshotSource } from './packages/core/src/index.ts';
        export { synthesizeSnapshot } from './packages/core/testing/index.ts';
        export { appRouter, createContext, createCallerFactory } from './packages/api/src/index.ts';
        export { startServer } from './apps/agent/src/server/server.ts';
        export { default as superjson } from 'superjson';`);
}

function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function timeMany(n, fn) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

export async function run(ctx) {
  const m = await loadModules(ctx.root);
  let t = performance.now();
  const snap = m.synthesizeSnapshot({ objects: 200_000, bigDirectoryEntries: 50_000, seed: 42 });
  const medium = { name: 'Bench1000', type: 'Directory', target: null, error: null, children: [] };
  for (let i = 0; i < 1000; i++) medium.children.push({ name: `Event-${String(i).padStart(4, '0')}`, type: 'Event', target: null, error: null });
  snap.root.children.push(medium);
  snap.meta.objectCount += 1001;
  const source = new m.SnapshotSource(snap, { kind: 'snapshot' });
  ctx.log(`synthetic namespace of ${snap.meta.objectCount} objects built and indexed in ${Math.round(performance.now() - t)} ms`);

  const server = await m.startServer({ source, port: 0, webRoot: null });
  const base = server.url.replace(/\/$/, '');
  const caller = m.createCallerFactory(m.appRouter)(m.createContext({ source }));
  const http = async (proc, input) => {
    const res = await fetch(`${base}/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(m.superjson.serialize(input)))}`);
    if (res.status !== 200) throw new Error(`${proc}: HTTP ${res.status}`);
    return m.superjson.deserialize((await res.json()).result.data);
  };
  const inproc = (proc, input) => {
    const [a, b] = proc.split('.');
    return caller[a][b](input);
  };

  const bigTotal = (await inproc('namespace.list', { path: '\\Big', limit: 1 })).total;
  const queries = [
    { text: 'Event', mode: 'substring', limit: 200 },
    { text: 'ab', mode: 'substring', limit: 200 },
    { text: '{', mode: 'substring', limit: 200 },
    { text: 'Section', mode: 'substring', types: ['Section'], limit: 200 },
    { text: '^Low.*Condition$', mode: 'regex', limit: 200 },
  ];
  const cases = [
    { name: 'list 1,000-entry directory (whole, limit 1,000)', proc: 'namespace.list', input: () => ({ path: '\\Bench1000', limit: 1000 }) },
    {
      name: 'list 50,000-entry directory (random 500-entry page)',
      proc: 'namespace.list',
      input: (i) => ({ path: '\\Big', offset: ((i * 7919) % Math.floor(bigTotal / 500)) * 500, limit: 500 }),
    },
    { name: 'search (5 queries, 200-hit cap)', proc: 'namespace.search', input: (i) => queries[i % queries.length] },
  ];

  // Warm both paths once: the first listing of \Big sorts 50,000 names (then cached per view).
  for (const c of cases) {
    await http(c.proc, c.input(0));
    await inproc(c.proc, c.input(0));
  }

  /** @type {any[]} */
  const metrics = [];
  try {
    for (const c of cases) {
      const p50 = [];
      const p99 = [];
      const b50 = [];
      const b99 = [];
      for (let r = 0; r < ctx.runs; r++) {
        const h = await timeMany(REQUESTS, (i) => http(c.proc, c.input(i)));
        const b = await timeMany(REQUESTS, (i) => inproc(c.proc, c.input(i)));
        p50.push(percentile(h, 50));
        p99.push(percentile(h, 99));
        b50.push(percentile(b, 50));
        b99.push(percentile(b, 99));
      }
      ctx.log(`${c.name}: p50 ${p50.map((x) => x.toFixed(2)).join(', ')} ms`);
      metrics.push({ name: `${c.name}, p50`, unit: 'ms', better: 'lower', runs: p50, baseline: { name: 'same call in-process (no HTTP)', runs: b50 } });
      metrics.push({ name: `${c.name}, p99`, unit: 'ms', better: 'lower', runs: p99, baseline: { name: 'same call in-process (no HTTP)', runs: b99 } });
    }
    // The whole big directory, as a client that wants every entry reads it: 10 pages of 5,000.
    const whole = async (call) => {
      for (let offset = 0; offset < bigTotal; offset += 5000) await call('namespace.list', { path: '\\Big', offset, limit: 5000 });
    };
    const wHttp = [];
    const wBase = [];
    for (let r = 0; r < ctx.runs; r++) {
      wHttp.push(percentile(await timeMany(10, () => whole(http)), 50));
      wBase.push(percentile(await timeMany(10, () => whole(inproc)), 50));
    }
    ctx.log(`whole 50,000-entry directory in 5,000-entry pages: ${wHttp.map((x) => x.toFixed(1)).join(', ')} ms`);
    metrics.push({
      name: 'read all of the 50,000-entry directory (10 pages of 5,000), median',
      unit: 'ms',
      better: 'lower',
      runs: wHttp,
      baseline: { name: 'same pages in-process (no HTTP)', runs: wBase },
    });
    const searchP50 = metrics.find((x) => x.name.startsWith('search') && x.name.endsWith('p50'));
    if (searchP50) searchP50.goal = { op: '<', value: 20, of: 'median' };
  } finally {
    await server.close();
  }
  return {
    metrics,
    notes: [
      `${snap.meta.objectCount} objects; \\Big has ${bigTotal} entries; ${REQUESTS} sequential requests per run, keep-alive fetch from the same process`,
      'p50/p99 per run over those requests; the runner reports the median, min and max of the runs',
    ],
  };
}
