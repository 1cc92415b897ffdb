// The demo tours still work: each one is played step by step, without pauses or video, against
// the large synthetic snapshot (which has everything the tours visit), and the ones that run on
// a live source also under Wine. A tour whose target disappeared from the UI fails here, not in
// front of an audience: a missing control fails the step (no fallback); a step falls back to its
// next `goto` path only when this source has no such directory (a snapshot has no `\??`), and
// the fallback is recorded on the test as an annotation.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, expect } from '../support/fixtures';
import { FIXTURES, ROOT } from '../support/paths';
import { playSteps } from '../tours/runner';
import type { Tour } from '../tours/tour';

const toursDir = join(ROOT, 'e2e', 'tours');
const tours: { file: string; tour: Tour }[] = [];
for (const file of readdirSync(toursDir).filter((f) => f.endsWith('.tour.ts')).sort()) {
  const tour = ((await import(pathToFileURL(join(toursDir, file)).href)) as { default: Tour }).default;
  tours.push({ file, tour });
}

for (const { file, tour } of tours.filter((t) => t.tour.only !== 'wine')) {
  test(`the "${tour.name}" tour plays every step on a snapshot @synthetic`, async ({ app }) => {
    // The output folder is named after tour.name: it must match the file users run it by.
    expect(`${tour.name}.tour.ts`).toBe(file);
    let played = 0;
    await playSteps(app, tour, 'snapshot', { before: FIXTURES.before, after: FIXTURES.after }, 0, async () => {
      played++;
    }, (msg) => test.info().annotations.push({ type: 'goto fallback', description: msg }));
    expect(played).toBe(tour.steps.length);
  });
}

// Live under Wine: the tours that do not need a snapshot's data (memory conditions, the drive
// link, zombies) play against the agent's live Wine namespace.
for (const { tour } of tours.filter((t) => t.tour.only !== 'snapshot' && t.tour.name !== 'guid-objects')) {
  test(`the "${tour.name}" tour plays every step live under Wine @wine`, async ({ app }) => {
    let played = 0;
    await playSteps(app, tour, 'wine', { before: FIXTURES.before, after: FIXTURES.after }, 0, async () => {
      played++;
    }, (msg) => test.info().annotations.push({ type: 'goto fallback', description: msg }));
    expect(played).toBe(tour.steps.length);
  });
}
