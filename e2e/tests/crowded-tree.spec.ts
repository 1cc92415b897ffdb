// WinObj's tree shows every subdirectory of a directory, however many other objects it holds.
// \ZCrowded (support/crowded.ts) has 3,000 objects and 6,000 subdirectories; 1,500 of the objects
// sort before any subdirectory by type and all 3,000 do by name, so a tree built from the first
// page of the plain listing would miss most or all of them.
import { test, expect, readFacts } from '../support/fixtures';
import { joinPath } from '../support/facts';

test('every subdirectory of a crowded directory is in the tree, the last one included, and it opens @synthetic', async ({ app, page }) => {
  const crowded = readFacts().crowded;
  expect(crowded.before).toBeGreaterThanOrEqual(1_000);
  expect(crowded.subdirs.length).toBeGreaterThan(5_000);
  const first = joinPath(crowded.path, crowded.subdirs[0]!);
  const last = joinPath(crowded.path, crowded.subdirs[crowded.subdirs.length - 1]!);

  await app.open();
  await app.treeItem(crowded.path).click();
  await app.expectPath(crowded.path);
  const tree = page.getByTestId('tree-scroll');
  await tree.press('ArrowRight');
  await expect(app.treeItem(crowded.path)).toHaveAttribute('aria-expanded', 'true');
  await expect(app.treeItem(first)).toBeVisible();

  // End goes to the tree's last row. The crowded directory is the last top-level one, so that
  // is its last subdirectory, once every page of subdirectories has arrived (until then End
  // stops short, at the last row loaded so far).
  await expect(async () => {
    await tree.press('End');
    expect(await app.currentPath()).toBe(last);
  }).toPass({ timeout: 30_000 });
  const node = app.treeItem(last);
  await expect(node).toBeVisible();
  await expect(node).toHaveAttribute('aria-selected', 'true');
  // The tree is still virtualized: thousands of subdirectories, a window of rendered nodes.
  expect(await app.tree.getByTestId('tree-node').count()).toBeLessThan(500);

  // It opens: the list shows what the subdirectory holds, and a click from elsewhere lands there.
  const inside = `${crowded.leafPrefix}${crowded.subdirs[crowded.subdirs.length - 1]!}`;
  await expect(app.row(inside)).toBeVisible();
  await tree.press('Home');
  await app.expectPath('\\');
  await tree.press('End');
  await app.expectPath(last);
  await app.treeItem(last).click();
  await app.expectPath(last);
  await expect(app.row(inside)).toBeVisible();
});
