// The agent under Wine keeps serving while a zombie scan runs, and overlapping scan requests
// share one scan. 500 real zombies (zombiehelper) make each scan long enough to overlap with.
//
// Overlap is proven with the agent's own record of the scan: scannedAt is when it ended and
// summary.scanMs how long it took, on the same clock as this process (Wine uses the host's).
// An agent that scanned on its event loop could not answer any request sent after the scan
// began and received before it ended.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceInfo, ZombieReport } from '@objscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWineAgent, type WineAgent } from '../api/wine-agent';
import { harness, prepareWine } from './support/wine';

const ZOMBIES = 500;

let dir: string;
let helper: ReturnType<typeof harness.spawnExe>;
let pids: number[];
let agent: WineAgent;

async function waitFor(what: string, check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  await prepareWine();
  dir = mkdtempSync(join(tmpdir(), 'objscope-zombie-worker-'));
  helper = harness.spawnExe(harness.nativeExe('zombiehelper'), [
    '--dir', harness.toWindowsPath(dir), '--processes', String(ZOMBIES), '--threads', '0', '--exit-base', '4100', '--fast', '--timeout', '300',
  ]);
  await waitFor(`${ZOMBIES} zombies`, () => existsSync(join(dir, 'ready')) || existsSync(join(dir, 'error')) || helper.child.exitCode !== null, 200_000);
  if (!existsSync(join(dir, 'ready'))) {
    throw new Error(`zombie helper failed: ${existsSync(join(dir, 'error')) ? readFileSync(join(dir, 'error'), 'utf8') : helper.readStderr()}`);
  }
  pids = (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { processes: { pid: number }[] }).processes.map((p) => p.pid);
  agent = await startWineAgent();
}, 300_000);
afterAll(async () => {
  await agent?.stop();
  if (dir) writeFileSync(join(dir, 'command'), 'exit');
  await Promise.race([helper?.wait(), new Promise((r) => setTimeout(r, 5000))]);
  await helper?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
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
