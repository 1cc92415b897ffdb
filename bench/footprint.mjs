// Agent footprint: resident memory of the agent idle and after a full walk (a snapshot export
// over HTTP walks the whole namespace), live under Wine and serving the sample snapshot on
// Linux; and the process handle count after 200 full walks in one process (a leak shows here).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort } from '../scripts/lib/net.mjs';
import { join } from 'node:path';
import * as harness from '../tools/wine/harness.mjs';

export const title = 'Agent footprint (resident memory, handles)';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resident set of a Linux process in MB (a Wine process is a Linux process too). */
function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) / 1024;
}

async function waitForListening(readStdout, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const m = /listening on (http:\/\/\S+)/.exec(readStdout());
    if (m) return m[1];
    await sleep(100);
  }
  throw new Error('the agent did not print its URL in time');
}

async function trpcQuery(url, proc) {
  const u = new URL(`trpc/${proc}`, url);
  const res = await fetch(u, { headers: { 'sec-fetch-site': 'same-origin' } });
  if (!res.ok) throw new Error(`${proc}: HTTP ${res.status}`);
  await res.arrayBuffer();
}

export async function run({ runs, log, root }) {
  const bundle = join(root, 'apps', 'agent', 'dist', 'objscope.mjs');
  await harness.setup();
  const wineIdle = [];
  const wineWalked = [];
  const linuxIdle = [];
  const linuxLoaded = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const agent = harness.spawnNode([bundle, 'serve', '--port', String(port), '--no-open']);
    try {
      const url = await waitForListening(() => agent.readStdout() + agent.readStderr(), 60_000);
      await sleep(1500);
      wineIdle.push(rssMb(agent.child.pid));
      await trpcQuery(url, 'snapshot.export');
      wineWalked.push(rssMb(agent.child.pid));
    } finally {
      await agent.kill();
      agent.cleanup();
    }

    const lport = await freePort();
    const sample = join(root, 'apps', 'agent', 'assets', 'sample.objscope.gz');
    const child = spawn(process.execPath, [bundle, 'serve', '--snapshot', sample, '--port', String(lport), '--no-open'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: '1' },
    });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    try {
      const url = await waitForListening(() => out, 30_000);
      await sleep(1000);
      linuxIdle.push(rssMb(child.pid));
      // Exercise the whole document once: export re-encodes every object.
      await trpcQuery(url, 'snapshot.export');
      linuxLoaded.push(rssMb(child.pid));
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    log(`run ${i + 1}/${runs}: wine idle ${wineIdle.at(-1).toFixed(1)} MB, after walk ${wineWalked.at(-1).toFixed(1)} MB`);
  }

  const walks = await harness.runNode([bundle, 'bench-walk', '--repeat', '200', '--json'], { timeoutMs: 600_000 });
  if (walks.code !== 0) throw new Error(`bench-walk failed (exit ${walks.code}): ${walks.stderr.trim().slice(0, 200)}`);
  const w = JSON.parse(walks.stdout);

  return {
    metrics: [
      { name: 'agent RSS idle, live under Wine', unit: 'MB', runs: wineIdle },
      { name: 'agent RSS after a full walk (snapshot export), live under Wine', unit: 'MB', runs: wineWalked,
        baseline: { name: 'same agent idle', runs: wineIdle } },
      { name: 'agent RSS idle, sample snapshot on Linux', unit: 'MB', runs: linuxIdle },
      { name: 'agent RSS after exporting the sample snapshot on Linux', unit: 'MB', runs: linuxLoaded,
        baseline: { name: 'same agent idle', runs: linuxIdle } },
      { name: 'handles gained over 200 full walks in one process', unit: 'count', runs: [w.handleCountAfter - w.handleCountBefore],
        goal: { op: '<=', value: 0, of: 'median' } },
    ],
    notes: [
      `200 walks of ${w.objects} objects in ${w.directories} directories; handle count ${w.handleCountBefore} before, ${w.handleCountAfter} after`,
      'Under Wine GetProcessHandleCount returns 0, so the agent counts its own handles in the system handle table.',
    ],
  };
}
