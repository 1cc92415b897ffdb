// The habits WinObj and System Informer users bring (issue 22, item 3): a context menu on rows
// and tree nodes, Ctrl+C copies the selection's path, Enter and double-click open Properties,
// rows and tree nodes are real links, F5 refreshes the listing and not the page. Properties get
// their own resizable dialog with a deep link (item 2).
import type { Page } from '@playwright/test';
import { test, expect, readFacts } from '../support/fixtures';
import { FIXTURES } from '../support/paths';
import { dropFile } from '../support/drop';

function join(dir: string, name: string): string {
  return dir === '\\' ? `\\${name}` : `${dir}\\${name}`;
}

async function clipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

// Several page loads, tabs and clipboard round trips per test on two shared cores: more than the
// suite's default 45 s is needed when the machine is busy (no assertion depends on time).
test.describe.configure({ timeout: 120_000 });

test.beforeEach(async ({ context, agent }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: agent.url });
});

test('the context menu of a row copies its name, path and target, and opens its Properties and holders @sample @share @wine', async ({ app, page, facts }) => {
  const { link } = facts;
  await app.open({ path: link.parent });
  await app.row(link.name).click({ button: 'right' });
  const menu = page.getByTestId('object-menu');
  await expect(menu).toBeVisible();
  // The row it was opened on is selected, as in Explorer.
  await expect(app.row(link.name)).toHaveAttribute('aria-selected', 'true');
  await expect(menu.getByRole('menuitem')).toHaveText(['Go to target', 'Properties', 'Who holds it', 'Open in new tab', 'Copy name', 'Copy path', 'Copy target', 'Copy SDDL', 'Export details (JSON)']);
  await menu.getByTestId('menu-copy-path').click();
  await expect(menu).toHaveCount(0);
  await expect.poll(() => clipboard(page)).toBe(link.path);

  await app.row(link.name).click({ button: 'right' });
  await page.getByTestId('menu-copy-target').click();
  await expect.poll(() => clipboard(page)).toBe(link.target);

  // The keyboard reaches the same menu: Shift+F10 on the grid, arrows, Enter, Escape.
  await app.grid.focus();
  await page.keyboard.press('Shift+F10');
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(app.grid).toBeFocused();

  await app.row(link.name).click({ button: 'right' });
  await page.getByTestId('menu-holders').click();
  const dialog = page.getByTestId('props-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('props-handles-section')).toBeInViewport();
});

test('Ctrl+C copies the selected object\'s full path, and the directory\'s when nothing is selected @sample @synthetic @wine', async ({ app, page, facts }) => {
  await app.open({ path: facts.dir.path });
  await app.row(facts.dir.leaf).click();
  await page.keyboard.press('Control+c');
  await expect.poll(() => clipboard(page)).toBe(join(facts.dir.path, facts.dir.leaf));
  await expect(page.getByTestId('banner-info')).toContainText('Copied the path');

  // In a text field Ctrl+C is the field's own.
  await app.page.getByTestId('list-filter').fill('zz-typed');
  await app.page.getByTestId('list-filter').selectText();
  await page.keyboard.press('Control+c');
  await expect.poll(() => clipboard(page)).toBe('zz-typed');
  await app.page.getByTestId('list-filter').fill('');

  await app.open({ path: facts.dir.path });
  await app.grid.focus();
  await page.keyboard.press('Control+c');
  await expect.poll(() => clipboard(page)).toBe(facts.dir.path);
});

test('Enter and double-click open Properties in a resizable dialog with its own deep link; a directory opens in place @sample @synthetic @wine', async ({ app, page, facts, agent }) => {
  await app.open({ path: facts.dir.path });
  await app.row(facts.dir.leaf).dblclick();
  const dialog = page.getByTestId('props-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('props-name')).toHaveText(facts.dir.leaf);
  expect(new URL(page.url()).searchParams.get('props')).toBe('1');
  expect(await dialog.evaluate((el) => getComputedStyle(el).resize)).toBe('both');
  // Wider than the side pane: the tables get the room.
  const side = (await app.properties.boundingBox())!.width;
  expect((await dialog.boundingBox())!.width).toBeGreaterThan(side * 1.5);

  // The deep link opens the same dialog in a fresh page.
  const href = await dialog.getByTestId('props-dialog-newtab').getAttribute('href');
  const other = await page.context().newPage();
  await other.goto(new URL(href!, agent.url).toString(), { waitUntil: 'commit' });
  await expect(other.getByTestId('props-dialog').getByTestId('props-name')).toHaveText(facts.dir.leaf, { timeout: 60_000 });
  await other.close();

  // Escape closes it and gives the keyboard back to the list; Enter opens it again.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('props')).toBeNull();
  await app.row(facts.dir.leaf).click();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('props-dialog-close').click();
  await expect(dialog).toHaveCount(0);

  const sub = facts.dir.subdir;
  await app.row(sub.slice(sub.lastIndexOf('\\') + 1)).dblclick();
  await app.expectPath(sub);
  await expect(dialog).toHaveCount(0);
});

test('rows and tree nodes are real links: a middle-click opens the object in a new tab @sample @wine', async ({ app, page, facts }) => {
  await app.open({ path: facts.dir.path });
  const name = app.row(facts.dir.leaf).getByTestId('row-name');
  await expect(name).toHaveAttribute('href', /\?path=/);
  const [tab] = await Promise.all([page.context().waitForEvent('page'), name.click({ button: 'middle' })]);
  await tab.waitForLoadState();
  const u = new URL(tab.url());
  expect([u.searchParams.get('path'), u.searchParams.get('sel')]).toEqual([facts.dir.path, facts.dir.leaf]);
  await tab.close();
  // The page itself did not move, and a plain click still only selects.
  await app.expectPath(facts.dir.path);
  await name.click();
  await expect(app.row(facts.dir.leaf)).toHaveAttribute('aria-selected', 'true');

  const node = app.treeItem(facts.dir.path).getByTestId('tree-link');
  const [tab2] = await Promise.all([page.context().waitForEvent('page'), node.click({ button: 'middle' })]);
  await tab2.waitForLoadState();
  expect(new URL(tab2.url()).searchParams.get('path')).toBe(facts.dir.path);
  await tab2.close();

  // The tree has the same context menu.
  await app.treeItem(facts.dir.path).click({ button: 'right' });
  await page.getByTestId('menu-copy-name').click();
  await expect(page.getByTestId('object-menu')).toHaveCount(0);
});

test('F5 refreshes the listing, not the page @sample @wine', async ({ app, page, facts }) => {
  await app.open({ path: facts.dir.path });
  await expect(app.rows.first()).toBeVisible();
  // A marker on window survives only if the page is not reloaded.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  const listed = page.waitForRequest((r) => r.url().includes('namespace.list') && decodeURIComponent(r.postData() ?? r.url()).includes('"fresh":true'));
  await app.grid.focus();
  await page.keyboard.press('F5');
  await listed;
  await expect(app.rows.first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
});

test('a reload keeps a snapshot file opened in the page, where it was; going back to the agent forgets it @sample', async ({ app, page }) => {
  const { before } = readFacts();
  await app.open();
  await dropFile(app.list, FIXTURES.before);
  await expect(page.getByTestId('banner-snapshot')).toContainText('before.objscope.gz');
  const dir = `\\${before.dir.path.split('\\')[1]!}`;
  await app.treeItem(dir).click();
  await app.expectPath(dir);
  await expect(app.rows.first()).toBeVisible();
  const rows = await app.rowNames();

  await page.reload();
  await expect(page.getByTestId('banner-snapshot')).toContainText('before.objscope.gz');
  await expect(page.getByTestId('app')).toHaveAttribute('data-mode', 'local');
  await app.expectPath(dir);
  await expect(app.rows.first()).toBeVisible();
  expect(await app.rowNames()).toEqual(rows);
  await expect(page.getByTestId('banner-info')).toContainText('Reopened before.objscope.gz after the reload');

  // Back at the agent, a reload stays there: the kept file is gone.
  await page.getByTestId('back-to-agent').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-mode', 'agent');
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-mode', 'agent');
  await expect(page.getByTestId('banner-snapshot')).toHaveCount(0);
});

test('a snapshot the page cannot keep (one side of Compare, opened in the explorer) makes a reload ask first @sample', async ({ app, page, pageProblems }) => {
  await app.open({ view: 'compare' });
  await app.compareView.getByTestId('compare-a').setInputFiles(FIXTURES.before);
  await app.compareView.getByTestId('compare-b').setInputFiles(FIXTURES.after);
  await app.compareView.getByTestId('diff-open-a').first().click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-mode', 'local');
  // The browser asks only after a user gesture on the page.
  await app.grid.click({ position: { x: 5, y: 5 } });
  const asked = page.waitForEvent('dialog');
  void page.reload().catch(() => undefined);
  expect((await asked).type()).toBe('beforeunload');
  // The fixture that watches for dialogs dismissed it (stay on the page) and noted it: this one
  // is the point of the test, so it is taken off the list of problems.
  await expect.poll(() => [...pageProblems]).toEqual(['dialog: beforeunload ']);
  pageProblems.length = 0;
  await expect(page.getByTestId('app')).toHaveAttribute('data-mode', 'local');
  await expect(page.getByTestId('banner-snapshot')).toBeVisible();
});
