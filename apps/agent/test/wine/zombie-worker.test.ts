// The agent under Wine keeps serving while a zombie scan runs, and overlapping scan requests
// share one scan. 500 real zombies (zombiehelper) make each scan long enough to overlap with.
//
// Overlap is proven by the order of events, not by clocks: info calls answered while a scan
// request is outstanding, and a scan request sent after the last of them still sharing the
// first scan's report (overlapping requests share one scan), so the scan was running all along.
// An agent that scanned on its event loop could not answer those calls before the scan ended.
import type { SourceInfo, ZombieReport } from '@objscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWineAgent, type WineAgent } from '../api/wine-agent';
import { prepareWine } from './support/wine';
import { startZombieHelper, type ZombieHelper } from '../../../../tools/testing/zombiehelper';

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

describe('zombie scans in the agent under Wine', () => {
  it('sees the helper’s zombies from the worker', async () => {
    const r = await agent.query<ZombieReport | null>('zombies.scan', undefined);
    expect(r).not.toBeNull();
    expect(r!.processes.map((p) => p.pid)).toEqual(expect.arrayContaining(pids));
  });

  it('answers source.info while a zombie scan is running', async () => {
    const labels: string[] = [];
    let report: ZombieReport | null | undefined;
    const scan = agent.query<ZombieReport | null>('zombies.scan', undefined).then((r) => {
      report = r;
    });
    // Sequential calls, each sent after the previous answer, while the scan is outstanding.
    while (report === undefined && labels.length < 3) {
      const info = await agent.query<SourceInfo>('source.info', undefined);
      labels.push(info.label);
    }
    const answeredDuringScan = report === undefined ? labels.length : 0;
    // Sent after those answers: it shares the running scan only if that scan had not ended yet.
    const later = await agent.query<ZombieReport | null>('zombies.scan', undefined);
    await scan;
    expect(report).not.toBeNull();
    expect(answeredDuringScan, `info answers before the scan ended: ${JSON.stringify(labels)}`).toBe(3);
    expect(later!.scannedAt).toBe(report!.scannedAt);
    for (const l of labels) expect(l).toMatch(/Wine/);
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
    // Asked after the shared scan answered: a new scan, nothing reused across requests.
    expect(c!.scannedAt).not.toBe(a!.scannedAt);
    expect(c!.processes.map((p) => p.pid)).toEqual(expect.arrayContaining(pids));
  });
});
