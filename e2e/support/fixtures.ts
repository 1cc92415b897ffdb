// Test fixtures: each project's worker starts one real agent for its source and stops it at
// the end; `facts` are the expectations for that source (see facts.ts); `app` drives the UI.
import { test as base, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { startAgent, type RunningAgent } from './agent';
import { FIXTURES, SAMPLE_SNAPSHOT } from './paths';
import type { AllFacts } from './global-setup';
import type { SnapshotFacts } from './facts';
import { App } from './app';
import { startWineWorld, type WineWorld } from './wine';
import { PROJECT_TAGS, UNTAGGED_PROJECT } from './tags';

export type SourceName = 'sample' | 'synthetic' | 'share' | 'wine';

function agentArgs(source: SourceName): string[] {
  switch (source) {
    // No arguments off Windows: the agent serves the bundled sample, as `npm start` does. On
    // Windows no arguments means the live namespace, so the sample is named explicitly there.
    case 'sample':
      return process.platform === 'win32' ? ['--snapshot', SAMPLE_SNAPSHOT] : [];
    case 'synthetic':
      return ['--snapshot', FIXTURES.big];
    case 'share':
      return ['--share', FIXTURES.before, '--host', '127.0.0.1'];
    case 'wine':
      return ['--wine'];
  }
}

export function readFacts(): AllFacts {
  return JSON.parse(readFileSync(FIXTURES.facts, 'utf8')) as AllFacts;
}

interface WorkerFixtures {
  source: SourceName;
  wine: WineWorld | null;
  agent: RunningAgent;
  facts: SnapshotFacts;
}

interface TestFixtures {
  /** Fails a test that carries no project tag, or a tag no project knows (a misspelling). */
  tagged: void;
  app: App;
  /** Script errors and dialogs seen by the page: hostile names must never cause either. */
  pageProblems: string[];
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  source: ['sample', { scope: 'worker', option: true }],
  wine: [
    async ({ source }, use) => {
      if (source !== 'wine') return use(null);
      const world = await startWineWorld();
      try {
        await use(world);
      } finally {
        await world.stop();
      }
    },
    { scope: 'worker', timeout: 300_000 },
  ],
  agent: [
    async ({ source, wine }, use) => {
      const agent = await startAgent({
        args: agentArgs(source),
        startTimeoutMs: source === 'wine' ? 120_000 : 30_000,
        env: wine?.env,
      });
      try {
        await use(agent);
      } finally {
        await agent.stop();
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  facts: [
    async ({ source, wine }, use) => {
      const all = readFacts();
      const f =
        source === 'sample'
          ? all.sample
          : source === 'synthetic'
            ? all.big
            : source === 'share'
              ? all.before
              : wine!.facts;
      if (!f) throw new Error(`no facts for ${source}: is ${SAMPLE_SNAPSHOT} committed?`);
      await use(f);
    },
    { scope: 'worker' },
  ],
  tagged: [
    async ({}, use, testInfo) => {
      const known: readonly string[] = PROJECT_TAGS;
      const unknown = testInfo.tags.filter((t) => !known.includes(t));
      if (testInfo.project.name === UNTAGGED_PROJECT || unknown.length || !testInfo.tags.length) {
        throw new Error(
          `"${testInfo.title}" must carry one or more of ${PROJECT_TAGS.join(' ')} and no other tag` +
            (unknown.length ? ` (unknown: ${unknown.join(' ')})` : ' (it has none, so no project would run it)'),
        );
      }
      await use();
    },
    { auto: true },
  ],
  // Every test's page is watched, and every test ends by checking nothing went wrong in it.
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.type()} ${d.message()}`);
        void d.dismiss();
      });
      await use(problems);
      expect(problems, 'script errors or dialogs in the page').toEqual([]);
    },
    { auto: true },
  ],
  app: async ({ page, agent }, use) => {
    await use(new App(page, agent.url));
  },
});

export { expect };
