// The zombie panel against real zombies: zombiehelper.exe's exited children and threads,
// whose handles it keeps open in the same Wine prefix.
import { test, expect } from '../support/fixtures';

test('the zombie panel counts the helper\'s zombies, names the holder and details each one @wine', async ({ app, wine }) => {
  const z = wine!.zombies;
  await app.open({ view: 'zombies' });
  await expect(app.zombies).toBeVisible();
  const summary = app.zombies.getByTestId('zombie-summary');
  await expect(summary).toContainText(`${z.processes.length} zombie process`);
  await expect(summary).toContainText(`${z.threads.length} zombie thread`);

  // By holder: the helper holds every one of them.
  await app.zombies.getByTestId('zombies-by-holder').click();
  await expect(app.zombies.getByTestId('holder-row').filter({ hasText: `pid ${z.pid}` }).first()).toContainText(
    `holds ${z.processes.length} zombie process`,
  );

  // By zombie: each PID is listed with its exit code; the detail lists the holder's handle.
  await app.zombies.getByTestId('zombies-by-zombie').click();
  const rows = app.zombies.getByTestId('zombie-row');
  for (const p of z.processes) {
    await expect(rows.filter({ hasText: String(p.pid) }).first()).toContainText(String(p.exitCode));
  }
  const first = z.processes[0]!;
  await rows.filter({ hasText: String(first.pid) }).first().click();
  const detail = app.zombies.getByTestId('zombie-detail');
  await expect(detail).toContainText(String(z.pid));
  await expect(detail).toContainText(`0x${first.processHandle.toString(16).toUpperCase()}`);

  await app.zombies.getByTestId('tab-threads').click();
  const trows = app.zombies.getByTestId('zombie-row');
  for (const t of z.threads) await expect(trows.filter({ hasText: String(t.tid) }).first()).toBeVisible();
});

test('the live Wine namespace shows the helper\'s objects by exact name @wine', async ({ app, wine }) => {
  const root = wine!.objects.root;
  const kids = wine!.facts.dir.names;
  await app.open({ path: root });
  await expect(app.rows.first()).toBeVisible();
  const shown = await app.rowNames();
  expect(shown.filter((n) => !kids.includes(n))).toEqual([]);
  // The root holds a few dozen entries at most besides the big directory: all fit on screen.
  await expect.poll(async () => (await app.rowNames()).length).toBe(kids.length);
});
