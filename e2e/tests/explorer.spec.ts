// Browsing like WinObj: the tree, the list, deep links, the keyboard.
import { test, expect } from '../support/fixtures';
import { expectedWindow, joinPath } from '../support/facts';

function components(path: string): string[] {
  // NT paths join with `\` only; names never contain it, so this is the one safe split.
  return path.split('\\').filter((c) => c.length > 0);
}

test.describe('explorer', () => {
  test('clicking down the tree opens each directory and lists its entries @sample @synthetic @share @wine', async ({ app, facts }) => {
    await app.open();
    let path = '\\';
    for (const name of components(facts.dir.path)) {
      path = joinPath(path, name);
      await app.treeItem(path).click();
      await app.expectPath(path);
    }
    await expect(app.rows.first()).toBeVisible();
    // The rendered window is exactly the directory's first entries, by exact name and in order.
    const shown = await app.rowNames();
    expect(shown).toEqual(expectedWindow(facts.dir.names, shown).rows);
  });

  test('a deep link opened cold lands on the directory and selection, and survives a reload @sample @synthetic @share @wine', async ({ app, facts, page }) => {
    const dir = facts.dir.path;
    const sel = facts.dir.leaf!;
    // A fresh page straight onto the link, as when it is pasted into a new tab.
    await app.open({ path: dir, sel });
    await app.expectPath(dir);
    await expect(app.row(sel)).toHaveAttribute('aria-selected', 'true');
    await expect(app.properties.getByTestId('props-name')).toHaveText(sel);
    await page.reload();
    await app.ready();
    await app.expectPath(dir);
    expect(await app.currentSelection()).toBe(sel);
    await expect(app.row(sel)).toHaveAttribute('aria-selected', 'true');
    await expect(app.properties.getByTestId('props-name')).toHaveText(sel);
  });

  test('keyboard: arrows and Enter open, Backspace goes up, Ctrl+L edits the path, Ctrl+F finds @sample @synthetic', async ({ app, facts, page }) => {
    await app.open({ path: facts.dir.path });
    await expect(app.rows.first()).toBeVisible();
    const sub = facts.dir.subdir!;
    const subName = sub.slice(sub.lastIndexOf('\\') + 1);
    await app.row(subName).click();
    await expect(app.grid).toBeFocused();
    await page.keyboard.press('Enter');
    await app.expectPath(sub);
    // Backspace goes up and keeps the directory we came from selected.
    await page.keyboard.press('Backspace');
    await app.expectPath(facts.dir.path);
    await expect.poll(() => app.currentSelection()).toBe(subName);
    // Arrows move the selection through the list.
    await app.grid.focus();
    const order = await app.rowNames();
    const at = order.indexOf(subName);
    await page.keyboard.press(at + 1 < order.length ? 'ArrowDown' : 'ArrowUp');
    await expect.poll(() => app.currentSelection()).toBe(order[at + 1 < order.length ? at + 1 : at - 1]);
    await page.keyboard.press('Control+l');
    await expect(app.pathInput).toBeFocused();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+f');
    await expect(app.findInput).toBeFocused();
  });

  test('the path bar goes to a typed path @sample @synthetic @share', async ({ app, facts }) => {
    await app.open();
    await app.goTo(facts.dir.path);
    await expect(app.rows.first()).toBeVisible();
  });

  test('the path bar completes the last component as you type @sample @synthetic', async ({ app, facts, page }) => {
    // The browsed directory's first component, typed partly: the agent completes it.
    const first = facts.dir.path.split('\\')[1]!;
    await app.open();
    await page.keyboard.press('Control+l');
    await app.pathInput.fill(`\\${first.slice(0, 3)}`);
    const suggestion = page.getByTestId('path-suggestion').filter({ hasText: new RegExp(`^${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}Directory$`) });
    await expect(suggestion).toHaveCount(1);
    // Choosing a directory completes to "\dir\" so the next component can be typed.
    await suggestion.click();
    await expect(app.pathInput).toHaveValue(`\\${first}\\`);
    await app.pathInput.press('Enter');
    await app.expectPath(`\\${first}`);
  });
});
