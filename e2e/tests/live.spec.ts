// The live Wine source as it changes: objects objhelper creates and deletes while the page is
// open show up and go away by themselves (watch subscription), and a directory whose DACL is
// empty is shown as access denied, not as an empty list.
import { test, expect } from '../support/fixtures';

test('an object created while the directory is open appears by itself, and goes when deleted @wine', async ({ app, wine }) => {
  const h = wine!.objects;
  const name = `e2e-live-${Date.now()}`;
  const path = `${h.root}\\nested\\${name}`;
  await app.open({ path: `${h.root}\\nested` });
  await expect(app.rows.first()).toBeVisible();
  await expect(app.row(name)).toHaveCount(0);
  expect(await h.create('Event', path)).toBe('ok');
  // No reload, no click: the watch subscription brings it in (and marks it as new).
  await expect(app.row(name)).toBeVisible({ timeout: 20_000 });
  await expect(app.row(name)).toHaveAttribute('data-type', 'Event');
  expect(await h.remove(path)).toBe('ok');
  await expect(app.row(name)).toHaveCount(0, { timeout: 20_000 });
});

test('a directory nobody may list is shown as access denied with its status @wine', async ({ app, wine }) => {
  const denied = wine!.objects.manifest.denied;
  // objhelper checks that Wine enforces the empty DACL; without it this test would prove nothing.
  expect(denied.enforced).toBe(true);
  await app.open({ path: denied.path });
  const state = app.list.getByTestId('list-denied');
  await expect(state).toBeVisible();
  await expect(state).toContainText('STATUS_ACCESS_DENIED (0xC0000022)');
  await expect(app.rows).toHaveCount(0);
});
