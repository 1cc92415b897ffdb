// The cold page carries the explorer only (issue 22 item 9: every view added had made the first
// paint slower). Each view or section a page does not open with is loaded when first shown; this
// spec keeps it so as views are added. A view is recognised by a test id that only its own
// module renders (a string literal that survives minification), searched in the bodies of every
// script the page fetched: absent after a cold load of the explorer, present once the view is
// opened, so a view pulled back into the first bundle fails the first check, and a marker that
// stopped naming its view fails the second.
import type { Page } from '@playwright/test';
import { test, expect } from '../support/fixtures';

test.describe.configure({ timeout: 120_000 });

interface OnDemand {
  what: string;
  /** A test id rendered by that module alone (apps/web/src/components/…). */
  marker: string;
  open: (page: Page) => Promise<void>;
}

const tab = (view: string, shown: string) => async (page: Page) => {
  await page.getByTestId(`nav-${view}`).click();
  await expect(page.getByTestId(shown)).toBeVisible({ timeout: 30_000 });
};

const ON_DEMAND: OnDemand[] = [
  { what: 'Object types (TypesView)', marker: 'types-table', open: tab('types', 'types-view') },
  { what: 'Memory conditions (MemoryCard)', marker: 'memory-card', open: tab('memory', 'memory-card') },
  { what: 'Zombies (ZombiePanel)', marker: 'zombie-panel', open: tab('zombies', 'zombie-panel') },
  { what: 'Compare (CompareView)', marker: 'diff-summary', open: tab('compare', 'compare') },
  {
    what: 'Find (FindPanel)',
    marker: 'find-input',
    open: async (page) => {
      await page.getByTestId('nav-explorer').click();
      await page.keyboard.press('Control+f');
      await expect(page.getByTestId('find-input')).toBeVisible();
      await page.keyboard.press('Escape');
    },
  },
  {
    // "Who can open" is lazy too, but the root's Properties show it, so the cold page fetches it
    // right after the tree: only the holders section (not shown for the root) is asserted.
    what: 'the holders section of Properties (HandlesSection)',
    marker: 'holders-loading',
    open: async (page) => {
      await page.goto(`${new URL(page.url()).origin}/?path=${encodeURIComponent('\\BaseNamedObjects')}&sel=objscope-sample`);
      await expect(page.getByTestId('props-handles-section')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId('props-access')).toBeVisible({ timeout: 30_000 });
    },
  },
  {
    what: 'the Properties dialog',
    marker: 'props-dialog-close',
    open: async (page) => {
      // Its deep link, which must keep working with the dialog loaded on demand.
      await page.goto(`${new URL(page.url()).origin}/?path=${encodeURIComponent('\\BaseNamedObjects')}&sel=objscope-sample&props=1`);
      await expect(page.getByTestId('props-dialog')).toBeVisible({ timeout: 30_000 });
      await page.getByTestId('props-dialog-close').click();
    },
  },
  {
    what: 'the context menu (ObjectMenu)',
    marker: 'object-menu',
    open: async (page) => {
      await page.getByTestId('object-row').first().click({ button: 'right' });
      await expect(page.getByTestId('object-menu')).toBeVisible();
      await page.keyboard.press('Escape');
    },
  },
];

/** Records the body of every script the page fetches, in order, and how many are still unread. */
function watchScripts(page: Page) {
  const seen: { url: string; body: string }[] = [];
  let unread = 0;
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'script') return;
    unread++;
    void r
      .text()
      .catch(() => '')
      .then((body) => {
        seen.push({ url: r.url(), body });
        unread--;
      });
  });
  return { seen, unread: () => unread };
}

const carrying = (scripts: { url: string; body: string }[], marker: string) =>
  scripts.filter((s) => s.body.includes(`"${marker}"`)).map((s) => new URL(s.url).pathname);

test('the cold explorer page fetches no script of a view it does not show; each view brings its own when opened @sample', async ({ app, page }) => {
  const watch = watchScripts(page);
  const scripts = watch.seen;
  await app.open({ path: '\\' });
  await expect(app.rows.first()).toBeVisible();
  // The cold page's last fetch of its own: the root's Properties with "who can open" (lazy, but
  // shown for the root). Everything it asked for by then has been read.
  await expect(page.getByTestId('props-access')).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => watch.unread()).toBe(0);
  expect(scripts.length).toBeGreaterThan(0);
  const cold = scripts.length;
  for (const v of ON_DEMAND) {
    expect(carrying(scripts.slice(0, cold), v.marker), `${v.what} must not be in the cold page's scripts`).toEqual([]);
  }

  for (const v of ON_DEMAND) {
    await v.open(page);
    await expect.poll(() => carrying(scripts, v.marker), { message: `opening ${v.what} fetches its script` }).not.toEqual([]);
  }
});
