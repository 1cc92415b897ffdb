// The web UI under load (contract in bench/README.md): the built agent serves a 200,000-object
// synthetic snapshot with a 50,000-entry directory (`\Big`) and, as the same-run baseline, a
// 1,000-entry one (`\Bench1000`); Debian's Chromium drives the built UI through Playwright and
// the times come from the UI's own performance marks, measured inside the page so Playwright's
// round trips are not counted. The cold page is timed against a base in the same run: the web UI
// and agent of an older commit (bench/ui-base.mjs, built once into the cache), serving the same
// snapshot, each run loading one page after the other in alternating order.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTs } from '../scripts/lib/import-ts.mjs';
import { median } from '../scripts/lib/stats.mjs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureChromium } from '../scripts/lib/browser.mjs';
import { firstLoadScripts, prepareBase } from './ui-base.mjs';

export const title = 'Web UI';

const BIG = '\\Big';
const MEDIUM = '\\Bench1000';

/**
 * Writes the bench's snapshot with the synthesizer and encoder of the tree at `root`: today's,
 * or the base's, whose agent reads only its own format version (1) and whose synthesizer still
 * lived in core's src. Same options and seed, so both trees have the same shape and names.
 */
async function writeSnapshot(root, file, entry) {
  const core = await importTs(root, entry);
  const snap = core.synthesizeSnapshot({ objects: 200_000, bigDirectoryEntries: 50_000, seed: 42 });
  const medium = { name: MEDIUM.slice(1), type: 'Directory', target: null, error: null, children: [] };
  for (let i = 0; i < 1000; i++) medium.children.push({ name: `Event-${String(i).padStart(4, '0')}`, type: 'Event', target: null, error: null });
  snap.root.children.push(medium);
  snap.meta.objectCount += 1001;
  writeFileSync(file, core.encodeSnapshot(snap));
  return snap.meta.objectCount;
}

function startAgent(root, file) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'apps/agent/dist/objscope.mjs'), '--snapshot', file, '--port', '0', '--no-open'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: '1' },
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`agent did not start: ${out}`)), 60_000);
    const onData = (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1].replace(/\/$/, ''), stop: () => child.kill('SIGTERM') });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`agent exited with ${code}: ${out}`));
    });
  });
}

/** Waits for a mark newer than `after` (page time) and returns its start time. */
async function waitMark(page, name, after, detailPath) {
  const h = await page.waitForFunction(
    ([n, t, p]) => {
      const e = performance
        .getEntriesByName(n)
        .find((/** @type {PerformanceMark} */ m) => m.startTime >= t && (p === null || (m.detail && m.detail.path === p)));
      return e ? e.startTime : false;
    },
    [name, after, detailPath ?? null],
    { timeout: 60_000, polling: 'raf' },
  );
  return h.jsonValue();
}

/**
 * A cold page (fresh context: no HTTP or query cache) opened at the root: ms from navigation to
 * the tree's interactive mark, and the bytes of the scripts fetched by then.
 */
async function coldTree(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const bodies = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') bodies.push(r.body().then((b) => b.length, () => 0));
  });
  await page.goto(`${url}/?path=${encodeURIComponent('\\')}`);
  const ms = await waitMark(page, 'objscope:tree-ready', 0);
  const n = bodies.length;
  const bytes = (await Promise.all(bodies.slice(0, n))).reduce((a, b) => a + b, 0);
  await context.close();
  return { ms, bytes };
}

/** In-app navigation by clicking the directory's tree node; ms from the click to its first rows. */
async function timeOpenDirectory(page, path) {
  const t0 = await page.evaluate((p) => {
    const el = [...document.querySelectorAll('[data-testid="tree-node"]')].map((n) => /** @type {HTMLElement} */ (n)).find((n) => n.getAttribute('data-path') === p);
    if (!el) throw new Error(`no tree node for ${p}`);
    const t = performance.now();
    el.click();
    return t;
  }, path);
  return (await waitMark(page, 'objscope:rows-ready', t0, path)) - t0;
}

async function heapMB(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / (1024 * 1024);
}


export async function run(ctx) {
  const { root, runs, log } = ctx;
  for (const f of ['apps/web/out/index.html', 'apps/agent/dist/objscope.mjs']) {
    if (!existsSync(join(root, f))) throw new Error(`${f} is missing: build first (npm run build)`);
  }
  ensureChromium();
  let t = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'objscope-bench-ui-'));
  const file = join(dir, 'bench.objscope.gz');
  const objectCount = await writeSnapshot(root, file, "export { encodeSnapshot } from './packages/core/src/index.ts'; export { synthesizeSnapshot } from './packages/core/testing/index.ts';");
  log(`synthetic snapshot of ${objectCount} objects written in ${Math.round(performance.now() - t)} ms`);

  t = performance.now();
  const base = prepareBase(root, log);
  if (base.built) log(`base ${base.hash.slice(0, 10)} built in ${Math.round((performance.now() - t) / 1000)} s (cached for the next run)`);
  const baseFile = join(dir, 'base.objscope.gz');
  await writeSnapshot(base.dir, baseFile, "export { encodeSnapshot, synthesizeSnapshot } from './packages/core/src/index.ts';");
  const agent = await startAgent(root, file);
  const baseAgent = await startAgent(base.dir, baseFile);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const m = { coldToday: [], coldBase: [], bytesToday: [], bytesBase: [], tree: [], big: [], medium: [], bigCold: [], find: [], findBase: [], heapBig: [], heapMedium: [], rendered: [] };
  try {
    // Warm the agent (its first listing of \Big sorts 50,000 entries and caches nothing else).
    {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${agent.url}/?path=${encodeURIComponent(BIG)}`);
      await waitMark(page, 'objscope:rows-ready', 0, BIG);
      await page.close();
    }
    for (const url of [agent.url, baseAgent.url]) await coldTree(browser, url);
    for (let i = 0; i < runs; i++) {
      // Today's cold page and the base's, one after the other, the order swapped every run so
      // neither always pays for the other's garbage or a burst of load on the shared machine.
      const order = i % 2 === 0 ? ['today', 'base'] : ['base', 'today'];
      for (const which of order) {
        const c = await coldTree(browser, which === 'today' ? agent.url : baseAgent.url);
        (which === 'today' ? m.coldToday : m.coldBase).push(c.ms);
        (which === 'today' ? m.bytesToday : m.bytesBase).push(c.bytes);
      }
      // A fresh context per run: no HTTP cache, no query cache, a cold page.
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      await page.goto(`${agent.url}/?path=${encodeURIComponent('\\')}`);
      m.tree.push(await waitMark(page, 'objscope:tree-ready', 0));
      await waitMark(page, 'objscope:rows-ready', 0, '\\');

      m.medium.push(await timeOpenDirectory(page, MEDIUM));
      await page.waitForTimeout(300);
      m.heapMedium.push(await heapMB(page));
      m.big.push(await timeOpenDirectory(page, BIG));
      await page.waitForTimeout(300);
      m.heapBig.push(await heapMB(page));
      m.rendered.push(await page.locator('[data-testid="object-row"]').count());

      // Find: the query minus its last character is typed first; the timed keystroke is the last.
      // Each run searches a different term, so no run is answered from the query cache.
      await page.keyboard.press('Control+f');
      const input = page.getByTestId('find-input');
      await input.waitFor();
      for (const [term, out] of /** @type {[string, number[]][]} */ ([[`BigEntry_0${i}12`, m.find], [`Event-0${i}1`, m.findBase]])) {
        const tFill = await page.evaluate(() => performance.now());
        await input.fill(term.slice(0, -1));
        await waitMark(page, 'objscope:find-ready', tFill);
        const t0 = await page.evaluate(() => performance.now());
        await page.keyboard.press(term.slice(-1));
        out.push((await waitMark(page, 'objscope:find-ready', t0)) - t0);
      }
      await context.close();

      const cold = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const p2 = await cold.newPage();
      await p2.goto(`${agent.url}/?path=${encodeURIComponent(BIG)}`);
      m.bigCold.push(await waitMark(p2, 'objscope:rows-ready', 0, BIG));
      await cold.close();
      log(`run ${i + 1}: cold tree ${m.coldToday[i].toFixed(0)} ms (base ${m.coldBase[i].toFixed(0)} ms), tree ${m.tree[i].toFixed(0)} ms, 1,000 rows ${m.medium[i].toFixed(0)} ms, 50,000 rows ${m.big[i].toFixed(0)} ms, find ${m.find[i].toFixed(0)} ms, heap ${m.heapBig[i].toFixed(1)} MB`);
    }
  } finally {
    await browser.close();
    agent.stop();
    baseAgent.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    metrics: [
      {
        name: 'navigation → tree interactive (cold page)',
        unit: 'ms',
        better: 'lower',
        runs: m.coldToday,
        baseline: { name: `the same, web UI and agent of ${base.hash.slice(0, 10)} (the base)`, runs: m.coldBase },
        goal: { op: '<=', value: 1, of: 'ratio' },
      },
      {
        name: 'script bytes fetched by the cold page until the tree is interactive',
        unit: 'bytes',
        better: 'lower',
        runs: m.bytesToday,
        baseline: { name: `the same, base ${base.hash.slice(0, 10)}`, runs: m.bytesBase },
        goal: { op: '<=', value: 1, of: 'ratio' },
      },
      {
        name: 'open 50,000-entry directory → first rows',
        unit: 'ms',
        better: 'lower',
        runs: m.big,
        baseline: { name: 'open 1,000-entry directory → first rows', runs: m.medium },
        goal: { op: '<', value: 300, of: 'median' },
      },
      { name: 'deep link to 50,000-entry directory → first rows (cold page)', unit: 'ms', better: 'lower', runs: m.bigCold },
      {
        name: 'find keystroke → results (200,000 objects)',
        unit: 'ms',
        better: 'lower',
        runs: m.find,
        baseline: { name: 'find keystroke → results, a rarer term', runs: m.findBase },
        goal: { op: '<', value: 100, of: 'median' },
      },
      {
        name: 'JS heap after opening the 50,000-entry directory',
        unit: 'MB',
        better: 'lower',
        runs: m.heapBig,
        baseline: { name: 'JS heap after opening the 1,000-entry directory', runs: m.heapMedium },
        goal: { op: '<', value: 300, of: 'median' },
      },
    ],
    notes: [
      `first-load scripts named by index.html: ${firstLoadScripts(root).bytes.toLocaleString('en-US')} bytes today, ${firstLoadScripts(base.dir).bytes.toLocaleString('en-US')} bytes at the base ${base.hash.slice(0, 10)}`,
      `${objectCount.toLocaleString('en-US')} objects (the base's file written by its own encoder, format version 1, with the same options and seed); \\Big has 50,000 entries, \\Bench1000 1,000`,
      `rows in the DOM with the 50,000-entry directory open: median ${median(m.rendered)} (virtualized)`,
      'times are from performance marks in the page (objscope:tree-ready, objscope:rows-ready, objscope:find-ready); the agent runs in another process on the same 2-core machine',
    ],
  };
}
