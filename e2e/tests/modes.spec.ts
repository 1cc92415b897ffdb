// Every mode says what it is (issue 22, item 6): share mode shows a read-only banner as the
// bundled sample does, so nobody takes a shared snapshot for this machine's namespace.
import { test, expect } from '../support/fixtures';

test('share mode shows a read-only banner naming the shared snapshot @share', async ({ app, page }) => {
  await app.open();
  const banner = page.getByTestId('banner-share');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Shared snapshot, read-only');
  await expect(page.getByTestId('banner-sample')).toHaveCount(0);
});

test('the bundled sample keeps its own banner and no share banner @sample', async ({ app, page }) => {
  await app.open();
  await expect(page.getByTestId('banner-sample')).toBeVisible();
  await expect(page.getByTestId('banner-share')).toHaveCount(0);
});
