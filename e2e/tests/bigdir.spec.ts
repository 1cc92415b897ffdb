// A 50,000-entry directory in a 200,000-object snapshot: paged from the agent, virtualized in
// the page, still navigable to its last entry.
import { test, expect } from '../support/fixtures';

test('a 50,000-entry directory shows its first rows, renders only a window of them, and reaches the end @synthetic', async ({ app, facts, page }) => {
  expect(facts.biggest.count).toBeGreaterThanOrEqual(50_000);
  await app.open({ path: facts.biggest.path });
  await app.waitMark('objscope:rows-ready');
  await expect(app.rows.first()).toBeVisible();
  const rendered = await app.rows.count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(1_000);
  await expect(app.statusBar).toContainText(facts.biggest.count.toLocaleString('en-US'));
  // End of the list by keyboard: the last rows get rendered (and fetched page by page).
  await app.rows.first().click();
  await page.keyboard.press('End');
  // TanStack Virtual rows carry their index; the last one only exists once scrolled there.
  await expect(app.list.locator(`[data-index="${facts.biggest.count - 1}"]`)).toBeVisible();
  expect(await app.rows.count()).toBeLessThan(1_000);
});
