// Properties › Access on the bundled sample: what each principal may do to the object, as core's
// engine says on the recorded descriptor, with the deciding ACE; a principal added by hand is
// evaluated in place, and a malformed one (or one needing a token the browser does not have)
// gets an inline message while the rest of the pane stays.
import { readFileSync } from 'node:fs';
import { SnapshotSource, accessCheck, decodeSnapshot, describeAccess, parsePrincipal } from '@objscope/core';
import { test, expect } from '../support/fixtures';
import { SAMPLE_SNAPSHOT } from '../support/paths';

/** What the engine says about `path` in the sample for `principal`, as the pane should show it. */
async function expected(path: string, principal: string) {
  const decoded = decodeSnapshot(new Uint8Array(readFileSync(SAMPLE_SNAPSHOT)));
  if (!decoded.ok) throw new Error(decoded.error);
  const d = await new SnapshotSource(decoded.snapshot).details(path);
  if (!d.ok || !d.value.security.ok || !d.value.typeInfo.ok) throw new Error(`the sample has no descriptor or type mapping for ${path}`);
  const p = parsePrincipal(principal, null);
  if (!p.ok) throw new Error(p.message);
  return describeAccess(accessCheck(d.value.security.value, d.value.typeInfo.value.genericMapping, p.value), p.value, d.value.type);
}

test('Properties shows what Everyone and a low-integrity user may do, and why @sample', async ({ app }) => {
  const everyone = await expected('\\KernelObjects\\LowMemoryCondition', 'everyone');
  await app.open({ path: '\\KernelObjects', sel: 'LowMemoryCondition' });
  const access = app.properties.getByTestId('props-access');
  const rows = access.getByTestId('access-principal');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('everyone');
  await expect(rows.nth(0).getByTestId('access-granted')).toContainText(everyone.granted ? everyone.rights.join(', ') : 'no access');
  await expect(rows.nth(0).getByTestId('access-reason')).toHaveCount(everyone.decidedBy.length);
  for (const reason of everyone.decidedBy) await expect(rows.nth(0)).toContainText(reason.rule);
  await access.screenshot({ path: test.info().outputPath('access-section.png') });
});

test('a principal added by hand is evaluated; a malformed one and one needing a token say why inline @sample', async ({ app }) => {
  await app.open({ path: '\\KernelObjects', sel: 'LowMemoryCondition' });
  const access = app.properties.getByTestId('props-access');
  const add = access.getByTestId('access-add');
  await add.fill('S-1-5-18,S-1-1-0@system');
  await add.press('Enter');
  await add.fill('S-1-5-x');
  await add.press('Enter');
  await add.fill('current');
  await add.press('Enter');
  const rows = access.getByTestId('access-principal');
  await expect(rows).toHaveCount(5);
  const system = await expected('\\KernelObjects\\LowMemoryCondition', 'S-1-5-18,S-1-1-0@system');
  await expect(rows.nth(2).getByTestId('access-granted')).toContainText(system.granted ? system.rights.join(', ') : 'no access');
  await expect(rows.nth(3).getByTestId('access-error')).toContainText('malformed SID "S-1-5-X"');
  await expect(rows.nth(4).getByTestId('access-error')).toContainText('no token is known here');
  // The rest of the pane is still there.
  await expect(app.properties.getByTestId('props-sddl')).toBeVisible();
  await rows.nth(3).getByRole('button', { name: /Remove principal/ }).click();
  await expect(rows).toHaveCount(4);
});
