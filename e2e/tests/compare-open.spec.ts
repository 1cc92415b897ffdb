// Compare, beyond the list: each diff entry opens its object where it exists (in the before or
// the after snapshot, selected in its directory), the comparison survives the trip, and either
// side can be the agent's source captured now, live under Wine included.
import { test, expect, readFacts } from '../support/fixtures';
import { FIXTURES } from '../support/paths';
import { cssEscape, type App } from '../support/app';

function entry(app: App, change: string, path: string) {
  return app.compareView.locator(`[data-testid="diff-entry"][data-change="${change}"][data-path="${cssEscape(path)}"]`);
}

const parentOf = (p: string) => (p.lastIndexOf('\\') <= 0 ? '\\' : p.slice(0, p.lastIndexOf('\\')));
const nameOf = (p: string) => p.slice(p.lastIndexOf('\\') + 1);

async function expectOpenedAt(app: App, path: string, file: string) {
  await app.expectPath(parentOf(path));
  await expect(app.page.getByTestId('banner-snapshot')).toContainText(file);
  await expect(app.row(nameOf(path))).toHaveAttribute('aria-selected', 'true');
  await expect(app.properties.getByTestId('props-path')).toContainText(path);
}

test('a diff entry opens its object in the before or the after snapshot, and Compare keeps both sides @sample', async ({ app, page }) => {
  const { compare } = readFacts();
  await app.open({ view: 'compare' });
  await app.compareView.getByTestId('compare-a').setInputFiles(FIXTURES.before);
  await app.compareView.getByTestId('compare-b').setInputFiles(FIXTURES.after);
  const removed = compare.removed[0]!;
  const added = compare.added[1]!;
  const changed = compare.changed[0]!;

  // Removed: it exists only before, so only A is offered, and the name opens A.
  await expect(entry(app, 'removed', removed).getByTestId('diff-open-b')).toHaveCount(0);
  await entry(app, 'removed', removed).getByTestId('diff-open').click();
  await expectOpenedAt(app, removed, 'before.objscope.gz');

  // Back to Compare: the two files and their diff are still there.
  await page.getByTestId('nav-compare').click();
  await expect(app.compareView.getByTestId('compare-a-meta')).toContainText('before.objscope.gz');
  await expect(app.compareView.getByTestId('compare-b-meta')).toContainText('after.objscope.gz');
  await expect(app.compareView.getByTestId('diff-summary')).toContainText(`${compare.added.length} added`);

  // Added: only after.
  await expect(entry(app, 'added', added).getByTestId('diff-open-a')).toHaveCount(0);
  await entry(app, 'added', added).getByRole('button', { name: /in after \(B\)/ }).click();
  await expectOpenedAt(app, added, 'after.objscope.gz');

  // Changed: both sides, each showing its own target.
  await page.getByTestId('nav-compare').click();
  await entry(app, 'changed', changed).getByTestId('diff-open-a').click();
  await expectOpenedAt(app, changed, 'before.objscope.gz');
  await expect(app.properties.getByTestId('link-target')).not.toContainText('E2ERetargeted');
  await page.getByTestId('nav-compare').click();
  await entry(app, 'changed', changed).getByTestId('diff-open-b').click();
  await expectOpenedAt(app, changed, 'after.objscope.gz');
  await expect(app.properties.getByTestId('link-target')).toContainText('\\Device\\E2ERetargeted');
});

test('a snapshot file compares against the agent’s source captured now @share', async ({ app }) => {
  // The share agent serves the before-picture; the file is the after-picture.
  const { compare } = readFacts();
  await app.open({ view: 'compare' });
  await app.compareView.getByTestId('compare-a-agent').click();
  await expect(app.compareView.getByTestId('compare-a-from-agent')).toContainText('The agent’s source (a snapshot)', { timeout: 30_000 });
  await app.compareView.getByTestId('compare-b').setInputFiles(FIXTURES.after);
  await expect(app.compareView.getByTestId('diff-summary')).toContainText(
    `${compare.added.length} added, ${compare.removed.length} removed, ${compare.changed.length} changed`,
  );
  // A removed object opens on the agent's source, where it still is.
  const removed = compare.removed[0]!;
  await entry(app, 'removed', removed).getByTestId('diff-open').click();
  await app.expectPath(parentOf(removed));
  await expect(app.page.getByTestId('app')).toHaveAttribute('data-mode', 'agent');
  await expect(app.row(nameOf(removed))).toHaveAttribute('aria-selected', 'true');
});

test('the live Wine namespace compared with itself a moment later shows exactly the object created in between @wine', async ({ app, wine }) => {
  const h = wine!.objects;
  const path = `${h.root}\\nested\\e2e-compare-${Date.now()}`;
  await app.open({ view: 'compare' });
  await app.compareView.getByTestId('compare-under').fill(h.root);
  await app.compareView.getByTestId('compare-a-agent').click();
  await expect(app.compareView.getByTestId('compare-a-from-agent')).toContainText('live source', { timeout: 60_000 });
  expect(await h.create('Mutant', path)).toBe('ok');
  await app.compareView.getByTestId('compare-b-agent').click();
  await expect(app.compareView.getByTestId('compare-b-from-agent')).toContainText('live source', { timeout: 60_000 });
  await expect(app.compareView.getByTestId('diff-summary')).toContainText('1 added, 0 removed, 0 changed');
  await expect(entry(app, 'added', path)).toHaveCount(1);
  // It opens on the live source, selected, with its live details.
  await entry(app, 'added', path).getByTestId('diff-open').click();
  await app.expectPath(parentOf(path));
  await expect(app.row(nameOf(path))).toHaveAttribute('aria-selected', 'true');
  await expect(app.properties.getByTestId('props-type')).toHaveText('Mutant');
  expect(await h.remove(path)).toBe('ok');
});

test('differences are listed sorted by path or as a tree, with actions that say what they do (issue 22, item 6) @sample', async ({ app, page }) => {
  const { compare } = readFacts();
  await app.open({ view: 'compare' });
  await app.compareView.getByTestId('compare-a').setInputFiles(FIXTURES.before);
  await app.compareView.getByTestId('compare-b').setInputFiles(FIXTURES.after);
  const entries = app.compareView.getByTestId('diff-entry');
  await expect(entries).toHaveCount(compare.added.length + compare.removed.length + compare.changed.length);
  const paths = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')!));
  // Component by component, case-insensitively: a directory's entries follow it directly.
  const key = (p: string) => p.split('\\').map((c) => c.toUpperCase());
  const sorted = [...paths].sort((x, y) => {
    const a = key(x);
    const b = key(y);
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
    return a.length - b.length;
  });
  expect(paths).toEqual(sorted);
  await expect(entries.first().getByTestId('diff-open')).toHaveText(paths[0]!);

  await app.compareView.getByTestId('compare-order').selectOption('tree');
  await expect(app.compareView.getByTestId('compare-results')).toHaveAttribute('data-order', 'tree');
  // Same order, each row named by its last component and indented by its depth.
  expect(await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')!))).toEqual(paths);
  const deep = paths.find((p) => p.split('\\').length > 2)!;
  const row = app.compareView.locator(`[data-testid="diff-entry"][data-path="${cssEscape(deep)}"]`);
  // Named by its last component; a directory that is not itself listed is shown before it, dimmed.
  const parent = deep.slice(0, deep.lastIndexOf('\\'));
  await expect(row.getByTestId('diff-open')).toHaveText(paths.includes(parent) ? deep.slice(deep.lastIndexOf('\\') + 1) : deep);

  for (const action of await app.compareView.locator('[data-testid="diff-open-a"], [data-testid="diff-open-b"]').all()) {
    await expect(action).toHaveText(/^Open in [AB]$/);
  }
  for (const width of [1024, 1440]) {
    await page.setViewportSize({ width, height: width === 1024 ? 768 : 900 });
    await page.screenshot({ path: test.info().outputPath(`compare-tree-${width}.png`) });
  }
});
