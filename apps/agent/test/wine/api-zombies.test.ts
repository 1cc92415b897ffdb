// zombies.watch over SSE from the agent under Wine, with real zombies: the zombie helper's
// children appear as added in the first report, and after it closes half of its handles a
// rescan reports exactly those PIDs as removed while the rest stay.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ZombieWatchEvent } from '@objscope/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputQuery, sse } from '../api/helpers';
import { startWineAgent, type WineAgent } from '../api/wine-agent';
import { harness, prepareWine } from './support/wine';

const CHILDREN = 6;

interface Manifest {
  pid: number;
  processes: { pid: number; exitCode: number }[];
}

let dir: string;
let helper: ReturnType<typeof harness.spawnExe>;
let manifest: Manifest;
let agent: WineAgent;

async function waitFor(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  await prepareWine();
  dir = mkdtempSync(join(tmpdir(), 'objscope-api-zombies-'));
  helper = harness.spawnExe(harness.nativeExe('zombiehelper'), ['--dir', harness.toWindowsPath(dir), '--processes', String(CHILDREN), '--threads', '0', '--timeout', '300']);
  await waitFor('the zombie helper', () => existsSync(join(dir, 'ready')) || helper.child.exitCode !== null);
  manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  agent = await startWineAgent();
});
afterAll(async () => {
  await agent?.stop();
  if (dir) writeFileSync(join(dir, 'command'), 'exit');
  await Promise.race([helper?.wait(), new Promise((r) => setTimeout(r, 5000))]);
  await helper?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('zombies.watch under Wine', () => {
  it('adds the helper’s zombies, then removes exactly the half whose handles were closed', async () => {
    const pids = manifest.processes.map((p) => p.pid);
    const closed = pids.slice(0, Math.floor(CHILDREN / 2));
    const kept = pids.slice(Math.floor(CHILDREN / 2));
    let asked = false;
    const r = await sse(
      agent.port,
      `/trpc/zombies.watch?${inputQuery({ intervalMs: 1000 })}`,
      { Host: `127.0.0.1:${agent.port}` },
      (events) => {
        const messages = events.filter((e) => e.event === 'message').map((e) => e.data as ZombieWatchEvent);
        if (messages.length >= 1 && !asked) {
          asked = true;
          writeFileSync(join(dir, 'command'), 'close-half');
        }
        return messages.some((m) => closed.every((pid) => m.removed.includes(pid)));
      },
      90_000,
    );
    expect(r.status).toBe(200);
    const messages = r.events.filter((e) => e.event === 'message').map((e) => e.data as ZombieWatchEvent);
    const first = messages[0]!;
    expect(first.added).toEqual(expect.arrayContaining(pids));
    expect(first.removed).toEqual([]);
    const removal = messages.find((m) => closed.every((pid) => m.removed.includes(pid)))!;
    expect(removal.removed.filter((pid) => pids.includes(pid)).sort()).toEqual([...closed].sort());
    const still = removal.report.processes.map((p) => p.pid);
    expect(still).toEqual(expect.arrayContaining(kept));
    for (const pid of closed) expect(still).not.toContain(pid);
    // Between the first event and the removal, none of the helper's zombies came or went.
    for (const m of messages.slice(1, messages.indexOf(removal))) {
      expect(m.added.filter((pid) => pids.includes(pid))).toEqual([]);
      expect(m.removed.filter((pid) => pids.includes(pid))).toEqual([]);
    }
  });
});
