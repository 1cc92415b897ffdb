// The agent under Wine keeps serving while a zombie scan runs, and overlapping scan requests
// share one scan. 500 real zombies (zombiehelper) make each scan long enough to overlap with.
//
// Overlap is proven with the agent's own record of the scan: scannedAt is when it ended and
// summary.scanMs how long it took, on the same clock as this process (Wine uses the host's).
// An agent that scanned on its event loop could not answer any request sent after the scan
// began and received before it ended.
import type { SourceInfo, ZombieReport } from '@objscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWineAgent, type WineAgent } from '../api/wine-agent';
import { prepareWine } from './support/wine';
import { startZombieHelper, type ZombieHelper } from './support/zombiehelper';

const ZOMBIES = 500;

let helper: ZombieHelper;
let pids: number[];
let agent: WineAgent;

beforeAll(async () => {
  await prepareWine();
  helper = await startZombieHelper(['--processes', String(ZOMBIES), '--threads', '0', '--exit-base', '4100', '--fast'], { readyMs: 200_000 });
  pids = helper.manifest.processes.map((p) => p.pid);
  agent = await startWineAgent();
}, 300_000);
afterAll(async () => {
  await agent?.stop();
  await helper?.stop();
});

/** The server-side interval of a scan, in epoch milliseconds. */
function scanWindow(r: ZombieReport): { start: number; end: number } {
  const end = Date.parse(r.scannedAt);
  return { start: end - r.summary.scanMs, end };
}

describe('zombie scans in the agent under Wine', () => {
  it('sees the helper’s zombies from the worker', async () => {
    const r = await agent.query<ZombieReport | null>('zombies.scan', undefined);
    expect(r).not.toBeNull();
    expect(r!.processes.map((p) => p.pid)).toEqual(expect.arrayContaining(pids));
  });

  it('answers source.info while a zombie scan is running', async () => {
    const infos: { sent: number; received: number; label: string }[] = [];
    let report: ZombieReport | null | undefined;
    const scan = agent.query<ZombieReport | null>('zombies.scan', undefined).then((r) => {
      report = r;
    });
    while (report === undefined) {
      const sent = Date.now();
      const info = await agent.query<SourceInfo>('source.info', undefined);
      infos.push({ sent, received: Date.now(), label: info.label });
    }
    await scan;
    expect(report).not.toBeNull();
    const { start, end } = scanWindow(report!);
    const during = infos.filter((i) => i.sent >= start && i.received <= end);
    expect(during.length, `info calls ${JSON.stringify(infos)} against a scan from ${start} to ${end}`).toBeGreaterThan(0);
    for (const i of during) expect(i.label).toMatch(/Wine/);
  });

  it('gives two overlapping scan requests one scan, and a later request a new one', async () => {
    const [a, b] = await Promise.all([
      agent.query<ZombieReport | null>('zombies.scan', undefined),
      agent.query<ZombieReport | null>('zombies.scan', undefined),
    ]);
    expect(a).not.toBeNull();
    expect(b!.scannedAt).toBe(a!.scannedAt);
    expect(b).toEqual(a);
    const c = await agent.query<ZombieReport | null>('zombies.scan', undefined);
    expect(c!.scannedAt).not.toBe(a!.scannedAt);
    // The later scan began after the shared one ended: nothing was reused across requests.
    expect(scanWindow(c!).start).toBeGreaterThanOrEqual(scanWindow(a!).end);
    expect(c!.processes.map((p) => p.pid)).toEqual(expect.arrayContaining(pids));
  });
});
