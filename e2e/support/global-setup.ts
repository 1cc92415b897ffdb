// Generates the snapshots the suite needs into .cache/e2e/ (once per run): the large synthetic
// namespace, a before/after pair with known differences for the compare flow, a corrupt file
// for the rejected-snapshot flow, and the facts each project's tests assert against.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { decodeSnapshot, encodeSnapshot } from '@objscope/core';
import { synthesizeSnapshot } from '@objscope/core/testing';
import { AGENT_BUNDLE, CACHE, FIXTURES, SAMPLE_SNAPSHOT, WEB_OUT } from './paths';
import { factsOf, type SnapshotFacts } from './facts';
import { mutateForCompare, type CompareFacts } from './mutate';
import { addCrowdedDirectory, type CrowdedFacts } from './crowded';

export interface AllFacts {
  sample: SnapshotFacts | null;
  big: SnapshotFacts;
  before: SnapshotFacts;
  compare: CompareFacts;
  corruptMessage: string;
  /** The big snapshot's directory with thousands of subdirectories after thousands of objects. */
  crowded: CrowdedFacts;
}

export default async function globalSetup(): Promise<void> {
  for (const [what, p] of [
    ['the agent bundle', AGENT_BUNDLE],
    ['the web UI static export', WEB_OUT],
  ] as const) {
    if (!existsSync(p)) throw new Error(`e2e: ${what} (${p}) is missing; run \`npm run build\` first`);
  }
  mkdirSync(CACHE, { recursive: true });

  // 200,000 objects with a 50,000-entry directory: the scale the UI must stay fast at.
  const big = synthesizeSnapshot({ objects: 200_000, bigDirectoryEntries: 50_000, seed: 7 });
  const crowded = addCrowdedDirectory(big);
  writeFileSync(FIXTURES.big, encodeSnapshot(big));

  const before = synthesizeSnapshot({ objects: 2_000, seed: 11 });
  const { after, compare } = mutateForCompare(before);
  writeFileSync(FIXTURES.before, encodeSnapshot(before));
  writeFileSync(FIXTURES.after, encodeSnapshot(after));

  // A real snapshot cut short: the loader must refuse it with its own message.
  const good = encodeSnapshot(before);
  const corrupt = good.slice(0, Math.floor(good.length / 2));
  writeFileSync(FIXTURES.corrupt, corrupt);
  const verdict = decodeSnapshot(corrupt);
  if (verdict.ok) throw new Error('e2e: the truncated snapshot was accepted by decodeSnapshot');

  let sample: SnapshotFacts | null = null;
  if (existsSync(SAMPLE_SNAPSHOT)) {
    const d = decodeSnapshot(new Uint8Array(readFileSync(SAMPLE_SNAPSHOT)));
    if (!d.ok) throw new Error(`e2e: the bundled sample does not load: ${d.error}`);
    sample = factsOf(d.snapshot);
  }

  const facts: AllFacts = {
    sample,
    big: factsOf(big),
    before: factsOf(before),
    compare,
    corruptMessage: verdict.error,
    crowded,
  };
  writeFileSync(FIXTURES.facts, JSON.stringify(facts, null, 1));
}
