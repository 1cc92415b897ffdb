// Hostile object names: shown exactly, as text, and nothing in them ever runs.
import { escapeNameForDisplay } from '@objscope/core';
import { test, expect } from '../support/fixtures';

test('the hostile-name directory renders every name exactly and runs no script @synthetic @wine', async ({ app, facts, page, pageProblems }) => {
  const hostile = facts.hostile;
  expect(hostile, 'the source has a hostile-name directory').not.toBeNull();
  // Anything a name could smuggle in would flip this flag or open a dialog.
  await page.addInitScript(() => {
    (window as unknown as { __xss: boolean }).__xss = false;
    window.alert = () => {
      (window as unknown as { __xss: boolean }).__xss = true;
    };
  });
  await app.open({ path: hostile!.path });
  await expect(app.rows.first()).toBeVisible();
  await expect.poll(async () => (await app.rowNames()).length).toBe(hostile!.names.length);
  expect([...(await app.rowNames())].sort()).toEqual([...hostile!.names].sort());
  // What a person sees: NUL and control characters visibly escaped, the full name on hover.
  const shown = await app.rows.evaluateAll((els) =>
    els.map((el) => ({
      name: el.getAttribute('data-name') ?? '',
      title: el.querySelector('[data-testid="row-name"]')?.getAttribute('title') ?? null,
    })),
  );
  for (const r of shown) expect(r.title, `hover text of ${JSON.stringify(r.name)}`).toBe(escapeNameForDisplay(r.name));
  const withNul = shown.filter((r) => r.name.includes('\0'));
  expect(withNul.length, 'the directory has a name with NUL inside').toBeGreaterThan(0);
  for (const r of withNul) {
    expect(r.title).not.toContain('\0');
    expect(r.title).toContain('\\0');
  }
  // The markup in names is text: no element was created from it.
  await expect(page.locator('img[src="x"], [data-testid="object-list"] script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss: boolean }).__xss)).toBe(false);
  // Selecting each name shows it in full in the properties panel, and still nothing runs.
  for (const name of hostile!.names.filter((n) => n.includes('<'))) {
    await app.open({ path: hostile!.path, sel: name });
    await expect(app.properties).toContainText(name);
  }
  expect(await page.evaluate(() => (window as unknown as { __xss: boolean }).__xss)).toBe(false);
  expect(pageProblems).toEqual([]);
});
