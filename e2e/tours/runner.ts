// Plays tours like a presenter: caption first, a pause to read it, the cursor glides to the
// target, the action, a screenshot. Records one WebM per tour (Playwright's recordVideo) and
// writes a Markdown storyboard beside the PNGs. Bundled and started by scripts/demo.mjs.
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expect } from '@playwright/test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeSnapshot } from '@objscope/core';
import { synthesizeSnapshot } from '@objscope/core/testing';
import { startAgent, type RunningAgent } from '../support/agent';
import { App, appUrl } from '../support/app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/paths';
import { mutateForCompare } from '../support/mutate';
import { startWineWorld, type WineWorld } from '../support/wine';
import { installOverlay } from './overlay';
import type { Source, Target, Tour, TourStep } from './tour';

export interface RunOptions {
  tours: Tour[];
  wine: boolean;
  outDir: string;
  cacheDir: string;
  /** Record video (the demo) or not (a quick check that every step still finds its target). */
  video: boolean;
  /** Multiplies every pause; 0 for checks. */
  pace: number;
  log: (msg: string) => void;
}

export interface TourResult {
  name: string;
  ok: boolean;
  steps: number;
  error: string | null;
  video: string | null;
  storyboard: string;
}

const VIEWPORT = { width: 1280, height: 720 };

function describeStep(step: TourStep): string {
  if ('goto' in step) {
    const where = typeof step.goto === 'string' ? `\`${step.goto}\`` : step.goto.map((p) => `\`${p}\``).join(' or ');
    return `open ${where}${step.select ? ` and select \`${step.select}\`` : ''}`;
  }
  if ('view' in step) return `switch to the ${step.view} view`;
  if ('click' in step) return `${step.double ? 'double-click' : 'click'} ${targetName(step.click)}`;
  if ('type' in step) return `type \`${step.type[1]}\` into ${step.type[0]}`;
  if ('press' in step) return `press ${step.press}`;
  if ('select' in step) return `choose \`${step.select[1]}\` in ${step.select[0]}`;
  if ('upload' in step) return `choose the "${step.upload[1]}" snapshot in ${step.upload[0]}`;
  return `hold ${step.wait} ms`;
}

function targetName(t: Target): string {
  if (typeof t === 'string') return `\`${t}\``;
  if ('testid' in t) return `\`${t.testid}\``;
  if ('row' in t) return `the row \`${t.row}\``;
  if ('treeItem' in t) return `the tree item \`${t.treeItem}\``;
  return `"${t.text}"`;
}

function locate(app: App, t: Target): Locator {
  if (typeof t === 'string') return app.page.getByTestId(t).first();
  if ('testid' in t) return app.page.getByTestId(t.testid).first();
  if ('row' in t) return app.row(t.row).first();
  if ('treeItem' in t) return app.treeItem(t.treeItem).first();
  return app.page.getByText(t.text, { exact: true }).first();
}

async function glideTo(page: Page, loc: Locator, pace: number): Promise<{ x: number; y: number }> {
  await loc.waitFor({ state: 'visible', timeout: 20_000 });
  await loc.scrollIntoViewIfNeeded();
  const box = await loc.boundingBox();
  if (!box) throw new Error('target has no box');
  const x = Math.round(box.x + Math.min(box.width / 2, 60));
  const y = Math.round(box.y + box.height / 2);
  await page.evaluate(([x, y]) => (window as unknown as { __tour: { move(x: number, y: number): void } }).__tour.move(x!, y!), [x, y]);
  await page.mouse.move(x, y, { steps: 8 });
  await page.waitForTimeout(800 * pace);
  return { x, y };
}

async function caption(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => (window as unknown as { __tour: { caption(t: string): void } }).__tour.caption(t), text);
}

/** A directory this source does not have (the only reason to try a step's next `goto` path). */
const NOT_FOUND = /STATUS_OBJECT_(NAME|PATH)_NOT_FOUND/;

/**
 * Opens a step's `goto` path. With several paths (e.g. `\??` then `\GLOBAL??`), the next is
 * tried only when this source has no such directory and the step names this kind of source in
 * `fallsBackOn`, and `note` says so; any other failure (denied, an error, the last path
 * missing, a fall back the tour did not name) stops the tour. A tour never lands on a failure.
 */
async function openPath(app: App, step: Extract<TourStep, { goto: unknown }>, source: Source, note: (msg: string) => void): Promise<void> {
  const page = app.page;
  const candidates = typeof step.goto === 'string' ? [step.goto] : step.goto;
  const failed = page.locator('[data-testid="list-failed"], [data-testid="list-denied"], [data-testid="list-error"]');
  for (const [i, path] of candidates.entries()) {
    await page.goto(appUrl(app.base, { path, ...(step.select ? { sel: step.select } : {}) }));
    await app.ready();
    await app.rows.first().or(page.getByTestId('list-empty')).or(failed).first().waitFor({ timeout: 20_000 });
    if (!(await failed.first().isVisible())) return;
    const why = (await failed.first().textContent()) ?? '';
    if (i === candidates.length - 1 || !NOT_FOUND.test(why)) throw new Error(`goto ${path}: ${why.trim()}`);
    if (step.fallsBackOn !== source) throw new Error(`goto ${path}: not on this ${source} source (${why.trim()}), and the step names no fall back on a ${source} (fallsBackOn)`);
    note(`goto ${path}: not on this source (${why.trim()}); trying ${candidates[i + 1]}`);
  }
}

async function perform(app: App, step: TourStep, source: Source, files: Record<'before' | 'after', string>, pace: number, note: (msg: string) => void): Promise<void> {
  const page = app.page;
  if ('goto' in step) {
    await openPath(app, step, source, note);
  } else if ('view' in step) {
    // The view's own button, as a presenter would click it: a missing button fails the tour.
    const nav = page.getByTestId(`nav-${step.view}`).first();
    const { x, y } = await glideTo(page, nav, pace);
    await page.evaluate(([x, y]) => (window as unknown as { __tour: { pulse(x: number, y: number): void } }).__tour.pulse(x!, y!), [x, y]);
    await nav.click();
  } else if ('click' in step) {
    const loc = locate(app, step.click);
    const { x, y } = await glideTo(page, loc, pace);
    await page.evaluate(([x, y]) => (window as unknown as { __tour: { pulse(x: number, y: number): void } }).__tour.pulse(x!, y!), [x, y]);
    if (step.double) await loc.dblclick();
    else await loc.click();
  } else if ('type' in step) {
    const loc = page.getByTestId(step.type[0]).first();
    await glideTo(page, loc, pace);
    await loc.click();
    await loc.fill('');
    await loc.pressSequentially(step.type[1], { delay: pace > 0 ? 45 : 0 });
  } else if ('select' in step) {
    const loc = page.getByTestId(step.select[0]).first();
    await glideTo(page, loc, pace);
    await loc.selectOption(step.select[1]);
  } else if ('press' in step) {
    await page.keyboard.press(step.press);
  } else if ('upload' in step) {
    const loc = page.getByTestId(step.upload[0]).first();
    // File inputs are often visually hidden behind a styled label: point at whichever shows.
    const shown = page
      .locator(`label:has([data-testid="${step.upload[0]}"]), [data-testid="${step.upload[0]}-slot"] button`)
      .first();
    if (await shown.isVisible().catch(() => false)) await glideTo(page, shown, pace);
    await loc.setInputFiles(files[step.upload[1]]);
  } else {
    await page.waitForTimeout(step.wait * pace);
  }
}

/**
 * Plays a tour's steps on an open page: caption, a pause to read it, the action, a short
 * settle, then `afterStep` (the demo takes its screenshot there). With pace 0 it is a quick
 * check that every step still finds its target (the e2e suite runs it that way).
 */
export async function playSteps(
  app: App,
  tour: Tour,
  source: Source,
  files: Record<'before' | 'after', string>,
  pace: number,
  afterStep: (index: number, step: TourStep) => Promise<void> = async () => undefined,
  note: (msg: string) => void = () => undefined,
): Promise<void> {
  const page = app.page;
  await page.addInitScript(installOverlay);
  // The first frame of a video should already be the product, not a blank page.
  await page.goto(appUrl(app.base));
  await app.ready();
  for (const [i, step] of tour.steps.entries()) {
    await caption(page, step.caption);
    await page.waitForTimeout(Math.max(1200, step.caption.length * 35) * pace);
    await perform(app, step, source, files, pace, note);
    // Let what the action started finish loading (a live listing under Wine takes a moment),
    // so the screenshot shows the result, not a spinner.
    await expect(page.locator('[data-testid="list-loading"], [data-testid="props-loading"], [data-testid="app-loading"]')).toHaveCount(0, { timeout: 30_000 });
    await page.waitForTimeout(600 * pace);
    await afterStep(i, step);
  }
  await page.waitForTimeout(1500 * pace);
}

async function playTour(browser: Browser, base: string, tour: Tour, opts: RunOptions, files: Record<'before' | 'after', string>): Promise<TourResult> {
  const dir = join(opts.outDir, tour.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rawVideoDir = join(opts.cacheDir, 'video-raw', tour.name);
  rmSync(rawVideoDir, { recursive: true, force: true });
  const context = await browser.newContext({
    viewport: VIEWPORT,
    colorScheme: 'dark',
    ...(opts.video ? { recordVideo: { dir: rawVideoDir, size: VIEWPORT } } : {}),
  });
  const page = await context.newPage();
  const app = new App(page, base);
  const board: string[] = [`# ${tour.title}`, '', tour.summary, '', `Source: ${opts.wine ? 'live, under Wine' : 'a snapshot'}.`, ''];
  let error: string | null = null;
  let done = 0;
  try {
    await playSteps(app, tour, opts.wine ? 'wine' : 'snapshot', files, opts.pace, async (i, step) => {
      const n = String(i + 1).padStart(2, '0');
      opts.log(`  ${n}. ${step.caption}`);
      const png = `step-${n}.png`;
      await page.screenshot({ path: join(dir, png) });
      board.push(`## ${i + 1}. ${step.caption}`, '', `Action: ${describeStep(step)}.`, '', `![Step ${i + 1}](${png})`, '');
      done++;
    }, (msg) => opts.log(`     ${msg}`));
  } catch (e) {
    error = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    await page.screenshot({ path: join(dir, 'failed.png') }).catch(() => undefined);
    board.push(`## Stopped at step ${done + 1}`, '', `The tour could not continue: ${error}`, '', '![Where it stopped](failed.png)', '');
  }
  const video = page.video();
  await context.close();
  let videoPath: string | null = null;
  if (video) {
    videoPath = join(dir, `${tour.name}.webm`);
    await video.saveAs(videoPath);
    await video.delete();
    board.splice(6, 0, `Video: [${tour.name}.webm](${tour.name}.webm)`, '');
  }
  const storyboard = join(dir, 'storyboard.md');
  writeFileSync(storyboard, board.join('\n'));
  return { name: tour.name, ok: error === null, steps: done, error, video: videoPath, storyboard };
}

export async function runTours(opts: RunOptions): Promise<TourResult[]> {
  mkdirSync(opts.cacheDir, { recursive: true });
  const files = { before: join(opts.cacheDir, 'before.objscope.gz'), after: join(opts.cacheDir, 'after.objscope.gz') };
  const before = synthesizeSnapshot({ objects: 5_000, seed: 3 });
  writeFileSync(files.before, encodeSnapshot(before));
  writeFileSync(files.after, encodeSnapshot(mutateForCompare(before).after));

  let world: WineWorld | null = null;
  let agent: RunningAgent | null = null;
  let browser: Browser | null = null;
  const results: TourResult[] = [];
  try {
    if (opts.wine) {
      opts.log('starting the Wine helpers (objects and zombies) and the agent under Wine');
      world = await startWineWorld();
      agent = await startAgent({ args: ['--wine'], env: world.env, startTimeoutMs: 120_000 });
    } else {
      // A realistic namespace with everything the tours visit (drive links, GUID names, zombies).
      const demo = join(opts.cacheDir, 'demo.objscope.gz');
      writeFileSync(demo, encodeSnapshot(synthesizeSnapshot({ objects: 20_000, seed: 1 })));
      agent = await startAgent({ args: ['--snapshot', demo] });
    }
    opts.log(`agent at ${agent.url}`);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    for (const tour of opts.tours) {
      if (tour.only && tour.only !== (opts.wine ? 'wine' : 'snapshot')) {
        opts.log(`${tour.name}: only runs on a ${tour.only} source, not played`);
        continue;
      }
      opts.log(`${tour.name}: ${tour.title}`);
      results.push(await playTour(browser, agent.url, tour, opts, files));
    }
  } finally {
    await browser?.close();
    await agent?.stop();
    await world?.stop();
  }
  return results;
}

