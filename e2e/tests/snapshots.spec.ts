// Snapshots in the browser: open one by drag and drop, compare two, refuse a bad one.
import { test, expect, readFacts } from '../support/fixtures';
import { FIXTURES } from '../support/paths';
import { dropFile } from '../support/drop';
import { cssEscape } from '../support/app';
import { expectedWindow } from '../support/facts';

test('a snapshot dropped on the page opens in the browser, read-only @sample', async ({ app, page }) => {
  const before = readFacts().before;
  await app.open();
  // The agent page has finished its own loading (the root's "who can open" section asks for the
  // source's token after it renders): what it asks for is not part of the drop.
  await expect(app.properties.getByTestId('props-access')).toHaveAttribute('data-token', 'settled');
  // Watched from before the drop: opening the file and everything after it happen in the page.
  const agentCalls: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/trpc')) agentCalls.push(r.url());
  });
  const t0 = await app.now();
  await dropFile(app.list, FIXTURES.before);
  await app.waitMark('objscope:tree-ready', t0);
  await expect(app.page.getByTestId('banner-snapshot')).toContainText('before.objscope.gz');
  await expect(app.page.getByTestId('app')).toHaveAttribute('data-mode', 'local');
  // The root listing is now the dropped snapshot's, name for name.
  await app.expectPath('\\');
  await expect(app.rows.first()).toBeVisible();
  const shown = await app.rowNames();
  expect(shown).toEqual(expectedWindow(before.rootNames, shown).rows);
  await app.treeItem(`\\${before.dir.path.split('\\')[1]!}`).click();
  await expect(app.rows.first()).toBeVisible();
  expect(agentCalls).toEqual([]);
});

test('comparing two snapshots lists exactly what was added, removed and changed @sample', async ({ app }) => {
  const { compare } = readFacts();
  await app.open({ view: 'compare' });
  await expect(app.compareView).toBeVisible();
  await app.compareView.getByTestId('compare-a').setInputFiles(FIXTURES.before);
  await app.compareView.getByTestId('compare-b').setInputFiles(FIXTURES.after);
  const entries = app.compareView.getByTestId('diff-entry');
  await expect(entries).toHaveCount(compare.added.length + compare.removed.length + compare.changed.length);
  for (const [change, paths] of [['added', compare.added], ['removed', compare.removed], ['changed', compare.changed]] as const) {
    for (const p of paths) {
      await expect(app.compareView.locator(`[data-testid="diff-entry"][data-change="${change}"][data-path="${cssEscape(p)}"]`)).toHaveCount(1);
    }
  }
  await expect(app.compareView.getByTestId('diff-summary')).toContainText(
    `${compare.added.length} added, ${compare.removed.length} removed, ${compare.changed.length} changed`,
  );
});

test('a corrupt snapshot is rejected with the loader\'s message and the UI stays usable @sample', async ({ app, facts }) => {
  const { corruptMessage } = readFacts();
  await app.open({ path: facts.dir.path });
  await expect(app.rows.first()).toBeVisible();
  const rowsBefore = await app.rowNames();
  await dropFile(app.list, FIXTURES.corrupt);
  await expect(app.errorNotice.first()).toContainText(corruptMessage);
  // Nothing changed: same directory, same rows, and the explorer still answers.
  await app.expectPath(facts.dir.path);
  expect(await app.rowNames()).toEqual(rowsBefore);
  const name = facts.dir.subdir.slice(facts.dir.subdir.lastIndexOf('\\') + 1);
  await app.row(name).dblclick();
  await app.expectPath(facts.dir.subdir);
});
