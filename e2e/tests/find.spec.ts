// Namespace-wide Find: results carry full paths and jump to the object.
import { test, expect } from '../support/fixtures';
import { joinPath } from '../support/facts';

test('find by name lists full paths and a result jumps to the object @sample @synthetic @share', async ({ app, facts, page }) => {
  await app.open();
  expect(facts.dir.leaf, 'the browsed directory has an object with a plain name').not.toBeNull();
  const name = facts.dir.leaf!;
  const full = joinPath(facts.dir.path, name);
  await page.keyboard.press('Control+f');
  await expect(app.findInput).toBeFocused();
  const t0 = await app.now();
  await app.findInput.fill(name);
  await app.waitMark('objscope:find-ready', t0);
  const hit = app.findHit(full);
  await expect(hit).toBeVisible();
  await expect(app.find.getByTestId('find-summary')).toContainText('match');
  await hit.click();
  await app.expectPath(facts.dir.path);
  await expect.poll(() => app.currentSelection()).toBe(name);
});

test('find with a regex over GUID names counts every match @synthetic', async ({ app, facts, page }) => {
  await app.open();
  await page.keyboard.press('Control+f');
  await app.find.getByTestId('find-mode').selectOption('regex');
  await app.findInput.focus();
  const t0 = await app.now();
  await app.findInput.fill('[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}');
  await app.waitMark('objscope:find-ready', t0);
  expect(facts.guidNamed).toBeGreaterThan(0);
  await expect(app.find.getByTestId('find-total')).toHaveText(`${facts.guidNamed.toLocaleString('en-US')} matches`);
});
