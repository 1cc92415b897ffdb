// The creation-time rule for a zombie's parent, made for real under Wine: zombiehelper.exe
// --orphan starts a middle process that creates a grandchild, ends it, hands its handle to the
// helper and exits; the helper then closes its last handles to the middle process, so the
// grandchild is a zombie whose recorded parent PID names no process. System Informer and
// WinObjEx64 show such a parent as non-existent (a parent is valid only if it exists and was
// created before the child); so does the panel, while the helper's own children (whose parent,
// the helper, is alive and older) keep their parent PID.
import { test, expect } from '../support/fixtures';
import { startZombieHelper } from '../../tools/testing/zombiehelper';

test('a zombie whose parent has exited shows <non-existent parent>; one whose parent lives shows its PID @wine', async ({ app, wine }) => {
  const world = wine!.zombies;
  const helper = await startZombieHelper(['--processes', '0', '--orphan'], { timeoutSeconds: 300 });
  try {
    const orphan = helper.manifest.orphan;
    expect(orphan, 'zombiehelper --orphan describes its orphan').toBeTruthy();
    expect(orphan!.parentPid).not.toBe(helper.manifest.pid);

    await app.open({ view: 'zombies' });
    const row = app.zombies.locator(`[data-testid="zombie-row"][data-id="${orphan!.pid}"]`);
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row).toContainText(String(orphan!.exitCode));
    const owner = row.getByTestId('zombie-owner');
    await expect(owner).toHaveText('<non-existent parent>');
    await expect(owner).toHaveAttribute('data-trusted', 'false');
    await expect(owner).toHaveAttribute('title', new RegExp(`recorded parent PID ${orphan!.parentPid}\\b`));
    await row.click();
    await expect(app.zombies.getByTestId('zombie-detail-parent')).toContainText(`<non-existent parent> — recorded parent PID ${orphan!.parentPid}`);

    // The contrast: the world helper's children were created by a process that still runs.
    const child = world.processes[0]!;
    const childOwner = app.zombies.locator(`[data-testid="zombie-row"][data-id="${child.pid}"]`).getByTestId('zombie-owner');
    await expect(childOwner).toHaveText(String(world.pid));
    await expect(childOwner).not.toHaveAttribute('data-trusted', 'false');
  } finally {
    await helper.stop();
  }
});
