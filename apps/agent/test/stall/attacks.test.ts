// Issue 12's attacks against a real agent: the built CLI in share mode on 127.0.0.1, serving a
// 200,000-object synthetic snapshot (plus 300 names of 32,760 characters). Each attack runs
// until a second client has had ten `source.info` answers while it was still going on; an agent
// that stalls never gets there and the test times out. Memory is read from /proc: the agent's
// peak resident size during the attack must stay under RSS_BOUND_MB. No wall-clock assertion:
// latencies are the bench's business (`npm run bench -- stall`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ATTACKS,
  arrayBomb,
  ask,
  measureAttack,
  removeStallFiles,
  startAgentProcess,
  writeStallSnapshot,
  type AgentProcess,
  type AttackOutcome,
} from './support/attacks';

/** The goal: the agent stays under 1 GiB resident throughout. */
const RSS_BOUND_MB = 1024;
const PROBES = 10;

let files: { file: string; dir: string };
let agent: AgentProcess;

beforeAll(async () => {
  files = writeStallSnapshot();
  agent = await startAgentProcess(files.file, { timeoutMs: 110_000 });
}, 120_000);

afterAll(async () => {
  await agent?.stop();
  if (files) removeStallFiles(files.dir);
});

/** What each attack's own requests must get: a clear refusal, never a hang. */
const refusals: Record<string, (o: AttackOutcome) => void> = {
  'diff-bomb-128': (o) => {
    expect([...o.statuses.keys()]).toEqual([413]);
    expect([...o.messages].join('\n')).toMatch(/inflates to 127\.9 MiB, more than the [\d.]+ MiB this agent accepts/);
  },
  'diff-bomb-250': (o) => {
    expect([...o.statuses.keys()]).toEqual([413]);
    expect([...o.messages].join('\n')).toMatch(/inflates to 249\.9 MiB/);
  },
  'export-batch-100': (o) => {
    expect([...o.statuses.keys()]).toEqual([400]);
    expect([...o.messages].join('\n')).toMatch(/Batch call exceeds maximum size/);
  },
  'watch-300': (o) => {
    // 16 streams per client at most: the others are refused with a reason, in the stream.
    expect([...o.messages].join('\n')).toMatch(/too many open subscriptions from this client \(16 at most\)/);
  },
};

describe('the agent under attack (share mode, 200,000 objects)', () => {
  for (const a of ATTACKS) {
    it(`keeps answering source.info during: ${a.title}`, async () => {
      const r = await measureAttack(agent, a, { minProbes: PROBES });
      expect(r.probes.errors).toEqual([]);
      expect(r.probes.answered).toBeGreaterThanOrEqual(PROBES);
      expect(agent.alive()).toBe(true);
      expect(r.peakRssMb).toBeLessThan(RSS_BOUND_MB);
      refusals[a.id]?.(r.outcome);
    }, 180_000);
  }

  it('refuses a bomb whose gzip trailer lies once inflating passes the limit, in a worker', async () => {
    const gz = arrayBomb(250);
    gz.writeUInt32LE(1000, gz.length - 4);
    const b64 = gz.toString('base64');
    const r = await ask(agent, { method: 'POST', path: '/trpc/snapshot.diff', body: JSON.stringify({ json: { a: b64, b: b64 } }) });
    expect(r.status).toBe(413);
    expect(r.body).toMatch(/first snapshot: snapshot rejected: it decompresses to more than \d+ bytes \(the limit\)|needs more than the 384 MiB/);
    expect(agent.alive()).toBe(true);
  }, 120_000);

  it('still answers a small diff and an export after all that', async () => {
    const exp = await ask(agent, { path: `/trpc/snapshot.export?input=${encodeURIComponent(JSON.stringify({ json: null }))}`, maxBody: 64 << 20 });
    expect(exp.status).toBe(200);
    const base64 = (JSON.parse(exp.body) as { result: { data: { json: { base64: string } } } }).result.data.json.base64;
    const small = await ask(agent, {
      method: 'POST',
      path: '/trpc/snapshot.diff',
      body: JSON.stringify({ json: { a: base64, b: base64, limit: 10 } }),
      maxBody: 1 << 20,
    });
    expect(small.status).toBe(200);
    expect(small.body).toContain('"added":0');
    expect(small.body).toContain('"removed":0');
  }, 120_000);
});
