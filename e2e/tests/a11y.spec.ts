// Accessibility: axe-core (its Playwright integration) over every view of the UI, in both
// themes' default (system) and with the panels a user opens. Serious and critical violations fail
// the test with the rule, the element and axe's help link, so a regression says what to fix.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from '../support/fixtures';
import { FIXTURES } from '../support/paths';

async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n  ${v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n  ')}`);
}

test.describe('accessibility (axe-core)', () => {
  test('the explorer with a selection and its Properties pane @sample @synthetic @share', async ({ app, page, facts }) => {
    await app.open({ path: facts.dir.path, sel: facts.dir.leaf ?? undefined });
    await expect(app.rows.first()).toBeVisible();
    await expect(app.properties.getByTestId('props-body')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('Find with results @sample @synthetic', async ({ app, page, facts }) => {
    await app.open();
    await page.keyboard.press('Control+f');
    const t0 = await app.now();
    await app.findInput.fill(facts.dir.leaf!);
    await app.waitMark('objscope:find-ready', t0);
    await expect(app.findResults.first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  for (const view of ['types', 'memory', 'zombies'] as const) {
    test(`the ${view} view @sample @synthetic`, async ({ app, page }) => {
      await app.open({ view });
      await expect(app.viewRegion(view)).toBeVisible();
      // Let the view's data arrive: an empty loading state is not what a user reads.
      await expect(page.getByText('Loading…')).toHaveCount(0);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  test('compare with two snapshots loaded @sample', async ({ app, page }) => {
    await app.open({ view: 'compare' });
    await app.compareView.getByTestId('compare-a').setInputFiles(FIXTURES.before);
    await app.compareView.getByTestId('compare-b').setInputFiles(FIXTURES.after);
    await expect(app.compareView.getByTestId('diff-entry').first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the context menu and the Properties dialog @sample', async ({ app, page, facts }) => {
    // axe over a whole page with a dialog takes long on two shared cores.
    test.setTimeout(120_000);
    await app.open({ path: facts.dir.path });
    await app.row(facts.dir.leaf).click({ button: 'right' });
    await expect(page.getByTestId('object-menu')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('menu-properties').click();
    await expect(page.getByTestId('props-dialog').getByTestId('props-body')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the dark theme @sample', async ({ app, page, facts }) => {
    await app.open({ path: facts.dir.path });
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(app.rows.first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
