// Live mode stays live: the selected object's Properties follow the kernel (an event set and
// reset by another process, the object deleted), and Pause then Resume applies everything that
// happened during the pause instead of dropping it, in the explorer and in the zombie panel.
// objhelper.exe and zombiehelper.exe, separate Windows processes in the same wineserver, make
// the changes; the page is never reloaded or clicked to refresh.
import { test, expect } from '../support/fixtures';
import { startZombieHelper } from '../../tools/testing/zombiehelper';

test('the selected event’s Properties follow set, reset and deletion by another process @wine', async ({ app, wine }) => {
  const h = wine!.objects;
  const dir = `${h.root}\\nested`;
  const name = `e2e-follow-${Date.now()}`;
  const path = `${dir}\\${name}`;
  // objhelper creates events not signaled (a notification event, initial state FALSE).
  expect(await h.create('Event', path)).toBe('ok');
  await app.open({ path: dir, sel: name });
  const signaled = app.properties.getByTestId('props-signaled');
  await expect(signaled).toContainText('not signaled');

  // NtSetEvent in objhelper: the directory watch cannot see this (same name, type, target);
  // only re-reading the selected object does.
  expect(await h.setEvent(path)).toBe('ok');
  await expect(signaled.locator('[data-signaled]')).toHaveAttribute('data-signaled', 'true', { timeout: 20_000 });
  await expect(signaled).not.toContainText('not signaled');

  expect(await h.resetEvent(path)).toBe('ok');
  await expect(signaled.locator('[data-signaled]')).toHaveAttribute('data-signaled', 'false', { timeout: 20_000 });

  // Deleted (its last handle closed): the watch reports it removed and Properties say so.
  expect(await h.remove(path)).toBe('ok');
  await expect(app.properties.getByTestId('props-vanished')).toBeVisible({ timeout: 20_000 });
  await expect(app.properties.getByTestId('props-vanished')).toContainText('STATUS_OBJECT_NAME_NOT_FOUND');
});

test('Pause then Resume applies what happened during the pause: created, deleted, event set @wine', async ({ app, wine, page }) => {
  const h = wine!.objects;
  const dir = `${h.root}\\nested`;
  const stamp = Date.now();
  const created = `e2e-paused-new-${stamp}`;
  const doomed = `e2e-paused-gone-${stamp}`;
  const watched = `e2e-paused-event-${stamp}`;
  expect(await h.create('Event', `${dir}\\${doomed}`)).toBe('ok');
  expect(await h.create('Event', `${dir}\\${watched}`)).toBe('ok');
  await app.open({ path: dir, sel: watched });
  await expect(app.row(doomed)).toBeVisible();
  const signaled = app.properties.getByTestId('props-signaled');
  await expect(signaled).toContainText('not signaled');

  const toggle = page.getByTestId('live-toggle');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  expect(await h.create('Event', `${dir}\\${created}`)).toBe('ok');
  expect(await h.remove(`${dir}\\${doomed}`)).toBe('ok');
  expect(await h.setEvent(`${dir}\\${watched}`)).toBe('ok');
  // Paused means paused: the objects exist (objhelper answered after its NtCreateEvent), and
  // two agent heartbeats later (the page polls source.info every 4 s, longer than the watch and
  // details intervals) the page still shows the picture from before; otherwise the Resume
  // below would prove nothing.
  for (let i = 0; i < 2; i++) await page.waitForResponse((r) => r.url().includes('source.info'), { timeout: 20_000 });
  await expect(app.row(created)).toHaveCount(0);
  await expect(app.row(doomed)).toBeVisible();
  await expect(signaled).toContainText('not signaled');

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(app.row(created)).toBeVisible({ timeout: 20_000 });
  await expect(app.row(created)).toHaveAttribute('data-type', 'Event');
  await expect(app.row(doomed)).toHaveCount(0, { timeout: 20_000 });
  await expect(signaled.locator('[data-signaled]')).toHaveAttribute('data-signaled', 'true', { timeout: 20_000 });

  // And it stays live after the resume: a later object appears by itself.
  const later = `e2e-after-resume-${stamp}`;
  expect(await h.create('Event', `${dir}\\${later}`)).toBe('ok');
  await expect(app.row(later)).toBeVisible({ timeout: 20_000 });
  for (const n of [created, watched, later]) expect(await h.remove(`${dir}\\${n}`)).toBe('ok');
});

test('the zombie panel’s Pause then Resume brings in the zombie made meanwhile, counted as the only new one @wine', async ({ app, page }) => {
  await app.open({ view: 'zombies' });
  const status = app.zombies.getByTestId('zombies-live');
  await expect(status).toHaveAttribute('data-status', 'pending');
  await expect(app.zombies.getByTestId('zombie-row').first()).toBeVisible();
  await app.zombies.getByTestId('zombies-pause').click();
  await expect(status).toHaveAttribute('data-status', 'paused');
  const helper = await startZombieHelper(['--processes', '1'], { timeoutSeconds: 300 });
  try {
    const made = helper.manifest.processes[0]!;
    const row = app.zombies.locator(`[data-testid="zombie-row"][data-id="${made.pid}"]`);
    // Two agent heartbeats (4 s each) span the panel's 5 s rescan: paused, nothing came in.
    for (let i = 0; i < 2; i++) await page.waitForResponse((r) => r.url().includes('source.info'), { timeout: 20_000 });
    await expect(row).toHaveCount(0);

    await app.zombies.getByTestId('zombies-pause').click();
    await expect(row).toBeVisible({ timeout: 30_000 });
    // News relative to what the page showed, not "every zombie is new" (the subscription's view).
    await expect(app.zombies.getByTestId('zombie-summary')).toContainText('1 new zombie process since the last scan');
  } finally {
    await helper.stop();
  }
});
