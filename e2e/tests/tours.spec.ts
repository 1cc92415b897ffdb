// The demo tours still work: each one is played step by step, without pauses or video, against
// the large synthetic snapshot (which has everything the tours visit). A tour whose target
// disappeared from the UI fails here, not in front of an audience.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '../support/fixtures';
import { FIXTURES, ROOT } from '../support/paths';
import { playSteps } from '../tours/runner';
import type { Tour } from '../tours/tour';

const toursDir = join(ROOT, 'e2e', 'tours');
const names = readdirSync(toursDir)
  .filter((f) => f.endsWith('.tour.ts'))
  .map((f) => f.slice(0, -'.tour.ts'.length))
  .sort();

for (const name of names) {
  test(`the "${name}" tour plays every step on a snapshot @synthetic`, async ({ app }) => {
    const tour = ((await import(join(toursDir, `${name}.tour.ts`))) as { default: Tour }).default;
    expect(tour.name).toBe(name);
    let played = 0;
    await playSteps(app, tour, { before: FIXTURES.before, after: FIXTURES.after }, 0, async () => {
      played++;
    });
    expect(played).toBe(tour.steps.length);
  });
}
