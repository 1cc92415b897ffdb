// zombies.watch over SSE from the agent under Wine, with real zombies: the zombie helper's
// children appear as added in the first report, and after it closes half of its handles a
// rescan reports exactly those PIDs as removed while the rest stay.
import type { ZombieWatchEvent } from '@objscope/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputQuery, sse } from '../api/helpers';
import { startWineAgent, type WineAgent } from '../api/wine-agent';
import { prepareWine } from './support/wine';
import { startZombieHelper, type ZombieHelper } from '../../../../tools/testing/zombiehelper';

const CHILDREN = 6;

let helper: ZombieHelper;
let agent: WineAgent;

beforeAll(async () => {
  await prepareWine();
  helper = await startZombieHelper(['--processes', String(CHILDREN), '--threads', '0']);
  agent = await startWineAgent();
});
afterAll(async () => {
  await agent?.stop();
  await helper?.stop();
});

describe('zombies.watch under Wine', () => {
  it('adds the helper’s zombies, then removes exactly the half whose handles were closed', async () => {
    const pids = helper.manifest.processes.map((p) => p.pid);
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
          helper.send('close-half');
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
