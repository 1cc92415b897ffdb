// Dark and light themes: the system's preference by default, the toggle overrides it, and the
// choice survives a reload.
import { test, expect } from '../support/fixtures';

async function background(page: import('@playwright/test').Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

test('the theme follows the system, the toggle overrides it and a reload keeps the choice @sample', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open();
  const light = await background(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => background(page)).not.toBe(light);
  const dark = await background(page);

  // System says dark; the user picks light explicitly (system → dark → light).
  const toggle = page.getByTestId('theme-toggle');
  await toggle.click();
  await expect(toggle).toHaveText('Theme: dark');
  await toggle.click();
  await expect(toggle).toHaveText('Theme: light');
  await expect.poll(() => background(page)).toBe(light);
  await page.reload();
  await app.ready();
  await expect(page.getByTestId('theme-toggle')).toHaveText('Theme: light');
  expect(await background(page)).toBe(light);
  expect(dark).not.toBe(light);
});
