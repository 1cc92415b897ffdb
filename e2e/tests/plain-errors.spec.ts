// Errors in plain words, once (issue 22, item 5), and times a person reads (item 8): an
// over-long filter or Find text stops at the one shared limit and says so at the input; a bad
// file says its likely cause first and the loader's details after; a recorded time shows in the
// viewer's zone with UTC on hover.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NAME_TEXT_MAX_LENGTH } from '@objscope/core';
import { test, expect, readFacts } from '../support/fixtures';
import { FIXTURES } from '../support/paths';
import { dropFile } from '../support/drop';

test.describe.configure({ timeout: 90_000 });

test('an over-long filter stops at the shared limit and says so at the input, not as a listing error @sample @share @wine', async ({ app, page, facts }) => {
  await app.open({ path: facts.dir.path });
  await expect(app.rows.first()).toBeVisible();
  const filter = page.getByTestId('list-filter');
  await filter.fill('x'.repeat(NAME_TEXT_MAX_LENGTH + 500));
  expect((await filter.inputValue())).toHaveLength(NAME_TEXT_MAX_LENGTH);
  await expect(page.getByTestId('list-filter-limit')).toHaveText(`A filter is at most ${NAME_TEXT_MAX_LENGTH.toLocaleString('en-US')} characters: the rest was not taken`);
  await expect(page.getByTestId('list-error')).toHaveCount(0);
  await expect(page.getByTestId('list-empty')).toBeVisible();

  // Find takes the same limit, and says it the same way.
  await app.grid.focus();
  await page.keyboard.press('Control+f');
  const find = page.getByTestId('find-input');
  await find.fill('y'.repeat(NAME_TEXT_MAX_LENGTH * 2));
  expect((await find.inputValue())).toHaveLength(NAME_TEXT_MAX_LENGTH);
  await expect(page.getByTestId('find-limit')).toContainText(`at most ${NAME_TEXT_MAX_LENGTH.toLocaleString('en-US')} characters`);
  await expect(page.getByTestId('find-error')).toHaveCount(0);
});

test('a bad file says its likely cause first (truncated, not a snapshot) and the details after @sample', async ({ app, page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'objscope-bad-'));
  const text = join(dir, 'notes.objscope.gz');
  writeFileSync(text, '<html>this is a web page, not a snapshot</html>');
  await app.open();
  await expect(app.rows.first()).toBeVisible();

  await dropFile(app.list, FIXTURES.corrupt);
  const notice = page.getByTestId('banner-rejected').first();
  await expect(notice).toContainText(`Could not open ${FIXTURES.corrupt.split('/').pop()!}. The file looks truncated`);
  await expect(notice).toContainText(`Details: ${readFacts().corruptMessage}`);

  await dropFile(app.list, text);
  await expect(page.getByTestId('banner-rejected').first()).toContainText('Could not open notes.objscope.gz. This is not an objscope snapshot file.');
  await expect(page.getByTestId('banner-rejected').first()).toContainText('Details: snapshot rejected:');
  // The explorer is still the sample's.
  await expect(page.getByTestId('banner-sample')).toBeVisible();
});

test.describe('times', () => {
  test.use({ timezoneId: 'Asia/Tokyo' });

  test('a recorded time shows in the viewer\'s zone, with UTC on hover @sample', async ({ app, page }) => {
    await app.open();
    const captured = page.getByTestId('status-captured').locator('time');
    await expect(captured).toHaveText(/GMT\+9$/);
    const iso = (await captured.getAttribute('datetime'))!;
    await expect(captured).toHaveAttribute('title', /UTC$/);
    // The two name the same moment: nine hours apart on the clock.
    const utcHour = new Date(iso).getUTCHours();
    const shown = Number(/, (\d{2}):/.exec((await captured.textContent())!)![1]);
    expect(shown).toBe((utcHour + 9) % 24);
  });
});
