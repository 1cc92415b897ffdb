// The demo tours still work: each one is played step by step, without pauses or video, against
// the large synthetic snapshot (which has everything the tours visit). A tour whose target
// disappeared from the UI fails here, not in front of an audience. Tours declared Wine-only
// are left to `npm run demo -- --wine`.
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
    await playSteps(app, tour, { before: FIXTURES.before, after: FIXTURES.after }, 0, async () => {
      played++;
    });
    expect(played).toBe(tour.steps.length);
  });
}
